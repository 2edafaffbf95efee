#pragma once
#include <string>

namespace dlogit {

// SHA-256 of `bytes` as 64 lowercase hex digits (what `sha256sum` prints), computed by OpenSSL's
// libcrypto (EVP): a maintained, audited implementation rather than one of our own.
std::string sha256_hex(const std::string& bytes);

// The libcrypto that computes it, e.g. "OpenSSL 3.0.19 1 Jul 2025".
std::string crypto_library_version();

}  // namespace dlogit
