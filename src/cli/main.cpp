#include <cstdio>

int main() {
  std::puts("caspian: commands are being built");
  return 0;
}
