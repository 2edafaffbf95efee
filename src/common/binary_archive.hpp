#pragma once
#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <streambuf>
#include <string>

#include "common/checked_file.hpp"

namespace dlogit {

// A checked file (common/checked_file.hpp) whose payload is the Boost binary archive (no archive header)
// that `write(archive)` writes, streamed into the file as it is written: no copy of the payload in
// memory, however big the vectors in it.
template <typename Write>
void write_archive_file(const std::string& path, const std::string& magic, std::uint32_t version, Write&& write) {
  write_checked_file(path, magic, version, [&](std::streambuf& payload) {
    boost::archive::binary_oarchive archive(payload, boost::archive::no_header);
    write(archive);
  });
}

// Reads bytes in memory as a stream without copying them (an istringstream would copy the payload).
class MemoryBuffer final : public std::streambuf {
 public:
  explicit MemoryBuffer(const std::string& bytes) {
    char* begin = const_cast<char*>(bytes.data());  // only read: a streambuf's get area is char*
    setg(begin, begin, begin + bytes.size());
  }
};

// `read(archive)` reads the value back from a payload that write_archive_file wrote.
template <typename Read>
void read_archive_payload(const std::string& payload, Read&& read) {
  MemoryBuffer buffer(payload);
  boost::archive::binary_iarchive archive(buffer, boost::archive::no_header);
  read(archive);
}

}  // namespace dlogit
