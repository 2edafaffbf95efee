#pragma once
#include <boost/archive/binary_oarchive.hpp>
#include <streambuf>
#include <string>

namespace dlogit {

// The Boost binary archive of `value` (no archive header), as bytes in a string allocated once at its
// final size. A checkpoint of L-BFGS on 10^5 features is about 16 MB: an ostringstream would grow by
// doubling and str() would copy, holding about three times that at the end of a run.
namespace archive_detail {

// Counts what is written (first pass) or appends it to a string reserved to that count (second pass).
class SizingBuffer : public std::streambuf {
 public:
  explicit SizingBuffer(std::string* out = nullptr) : out_(out) {}
  std::size_t size() const { return size_; }

 protected:
  std::streamsize xsputn(const char* bytes, std::streamsize count) override {
    if (out_ != nullptr) out_->append(bytes, static_cast<std::size_t>(count));
    size_ += static_cast<std::size_t>(count);
    return count;
  }
  int_type overflow(int_type byte) override {
    if (traits_type::eq_int_type(byte, traits_type::eof())) return traits_type::not_eof(byte);
    const char c = traits_type::to_char_type(byte);
    return xsputn(&c, 1) == 1 ? byte : traits_type::eof();
  }

 private:
  std::string* out_;
  std::size_t size_ = 0;
};

}  // namespace archive_detail

// `write(archive)` writes the value into the archive; it runs twice (count, then fill), so it must
// write the same bytes both times.
template <typename Write>
std::string binary_archive_bytes(Write&& write) {
  archive_detail::SizingBuffer counter;
  {
    boost::archive::binary_oarchive archive(counter, boost::archive::no_header);
    write(archive);
  }
  std::string bytes;
  bytes.reserve(counter.size());
  archive_detail::SizingBuffer filler(&bytes);
  {
    boost::archive::binary_oarchive archive(filler, boost::archive::no_header);
    write(archive);
  }
  return bytes;
}

}  // namespace dlogit
