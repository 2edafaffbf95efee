#include "comm/text_gather.hpp"

#include <stdexcept>

namespace dlogit::comm {

std::vector<std::string> gather_text(Communicator& comm, const std::string& text, int root) {
  // Each rank sends its length, then its bytes, so that root can split the concatenation.
  std::vector<double> send;
  send.reserve(text.size() + 1);
  send.push_back(static_cast<double>(text.size()));
  for (const char c : text) send.push_back(static_cast<double>(static_cast<unsigned char>(c)));
  const std::vector<double> all = comm.gather(send, root);
  std::vector<std::string> texts;
  if (comm.rank() != root) return texts;
  std::size_t at = 0;
  for (int r = 0; r < comm.size(); ++r) {
    if (at >= all.size()) throw std::logic_error("gather_text: fewer texts than ranks arrived");
    const auto length = static_cast<std::size_t>(all[at++]);
    if (at + length > all.size()) throw std::logic_error("gather_text: a text arrived cut short");
    std::string one(length, '\0');
    for (std::size_t i = 0; i < length; ++i) one[i] = static_cast<char>(static_cast<unsigned char>(all[at + i]));
    texts.push_back(std::move(one));
    at += length;
  }
  return texts;
}

}  // namespace dlogit::comm
