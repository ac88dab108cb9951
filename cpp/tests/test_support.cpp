#include "test_support.hpp"

#include <cmath>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace melspec::testing {

template <typename T>
std::vector<T> readFixture(const std::string& name) {
    const std::string path = std::string(MELSPEC_FIXTURES_DIR) + "/" + name;
    std::ifstream file(path, std::ios::binary);
    if (!file) throw std::runtime_error("missing fixture " + path);
    std::vector<char> bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    if (bytes.size() % sizeof(T) != 0) throw std::runtime_error("fixture size is not a multiple: " + path);
    std::vector<T> values(bytes.size() / sizeof(T));
    std::copy(bytes.begin(), bytes.end(), reinterpret_cast<char*>(values.data()));
    return values;
}

template std::vector<float> readFixture<float>(const std::string&);
template std::vector<double> readFixture<double>(const std::string&);

double maxAbsDifference(const std::vector<double>& a, const std::vector<double>& b) {
    if (a.size() != b.size()) throw std::runtime_error("size mismatch");
    double largest = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i) largest = std::fmax(largest, std::fabs(a[i] - b[i]));
    return largest;
}

}  // namespace melspec::testing
