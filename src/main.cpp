#include "cli/commands.h"

int main(int argc, char** argv, char** environ) {
  return chronotrail::cli::Main(argc, argv, environ);
}
