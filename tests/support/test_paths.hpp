#pragma once
#include <string>

// Where tests find things, fixed at configure time so a test does not depend on its working directory.
namespace dlogit::test {
std::string dataset(const std::string& file);  // tests/datasets/<file>, decompressed into the build folder
std::string dlogit_binary();
std::string source_dir();
std::string mpirun();                               // launch/mpirun: adds root/oversubscribe flags when needed
std::string temp_dir(const std::string& tag);       // a fresh, empty directory under the system temp dir
std::string write_file(const std::string& dir, const std::string& name, const std::string& text);
}  // namespace dlogit::test
