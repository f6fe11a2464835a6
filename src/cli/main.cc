#include "cli/app.h"

int main(int argc, char** argv) { return heapleak::cli::run(argc, argv); }
