// The input layer: compression detected by magic bytes, streamed decompression.
#include "heapleak/input/byte_source.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>

#include "support/test_files.h"

namespace heapleak {
namespace {

using namespace heapleak::testing;

std::string read_all(ByteSource& src) {
  std::string out;
  char buf[4096];
  for (size_t got; (got = src.read(buf, sizeof buf)) > 0;) out.append(buf, got);
  return out;
}

std::string sample_text() {
  std::string text;
  for (int i = 0; i < 200000; ++i) text += std::to_string(i * 7919 % 100003) + ",";
  return text;
}

TEST(ByteSource, PlainFileIsPassedThrough) {
  const std::string text = sample_text();
  auto src = open_input(write_temp("plain.txt", text));
  ASSERT_TRUE(src.ok()) << src.error().what();
  EXPECT_EQ(src.value()->compression(), Compression::kNone);
  EXPECT_EQ(src.value()->raw_size(), text.size());
  EXPECT_EQ(read_all(*src.value()), text);
}

// A plain file can be read in place: the mapping holds its bytes with zeros after them, writes to
// it never reach the file, and read() goes on wherever skip_to() left it.
TEST(ByteSource, PlainFileIsMappedCopyOnWrite) {
  const std::string text = sample_text();
  const std::string path = write_temp("mapped.txt", text);
  auto src = open_input(path);
  ASSERT_TRUE(src.ok()) << src.error().what();
  ByteSource& in = *src.value();
  char head[10];
  for (size_t have = 0; have < sizeof head;) {
    const size_t got = in.read(head + have, sizeof head - have);
    ASSERT_GT(got, 0u);
    have += got;
  }
  char* const mapped = in.mapped_bytes();
  ASSERT_NE(mapped, nullptr);
  EXPECT_EQ(std::string_view(mapped, text.size()), text);
  for (size_t i = 0; i < ByteSource::kMappedSlack; ++i) EXPECT_EQ(mapped[text.size() + i], 0);
  char next[5];
  ASSERT_EQ(in.read(next, sizeof next), sizeof next);
  EXPECT_EQ(std::string_view(next, sizeof next), text.substr(10, 5));
  mapped[0] = '\0';
  in.skip_to(text.size() - 3);
  EXPECT_EQ(in.raw_position(), text.size() - 3);
  EXPECT_EQ(read_all(in), text.substr(text.size() - 3));
  EXPECT_EQ(read_file(path), text);
}

TEST(ByteSource, CompressedAndEmptyFilesAreNotMapped) {
  auto gz = open_input(fixture_path("node/plain.heapsnapshot.gz"));
  ASSERT_TRUE(gz.ok());
  EXPECT_EQ(gz.value()->mapped_bytes(), nullptr);
  auto empty = open_input(write_temp("empty-map.txt", ""));
  EXPECT_FALSE(empty.ok());
}

// Another process cutting the file short while it is mapped makes reads past its new end fault
// (SIGBUS): that ends in one error line naming the file and exit code 2, not a crash.
TEST(ByteSourceDeathTest, MappedFileCutShortEndsWithOneErrorLine) {
  const std::string text = sample_text();
  const std::string path = write_temp("cut-short.txt", text);
  EXPECT_EXIT(
      {
        auto src = open_input(path);
        char* const mapped = src.ok() ? src.value()->mapped_bytes() : nullptr;
        if (mapped == nullptr) std::_Exit(99);
        if (::truncate(path.c_str(), 4096) != 0) std::_Exit(98);
        volatile char past_end = mapped[text.size() - 100];
        (void)past_end;
        std::_Exit(97);
      },
      ::testing::ExitedWithCode(2),
      "^heapleak: error: .*cut-short.txt: byte [0-9]+: the file became shorter while it was being "
      "read\n$");
}

TEST(ByteSource, GzipAndZstdDetectedByMagicNotName) {
  const std::string text = sample_text();
  const std::string path = write_temp("data.bin", text);
  ASSERT_EQ(run_command("gzip -c " + path + " > " + path + ".x1 && zstd -q -c " + path + " > " +
                        path + ".x2")
                .exit_code,
            0);
  auto gz = open_input(path + ".x1");
  ASSERT_TRUE(gz.ok());
  EXPECT_EQ(gz.value()->compression(), Compression::kGzip);
  EXPECT_EQ(read_all(*gz.value()), text);
  auto zst = open_input(path + ".x2");
  ASSERT_TRUE(zst.ok()) << zst.error().what();
  EXPECT_EQ(zst.value()->compression(), Compression::kZstd);
  EXPECT_EQ(read_all(*zst.value()), text);
}

TEST(ByteSource, ConcatenatedGzipMembersFormOneStream) {
  const std::string a = write_temp("a.txt", "first,");
  const std::string b = write_temp("b.txt", "second");
  ASSERT_EQ(run_command("(gzip -c " + a + "; gzip -c " + b + ") > " + a + ".gz").exit_code, 0);
  auto src = open_input(a + ".gz");
  ASSERT_TRUE(src.ok()) << src.error().what();
  EXPECT_EQ(read_all(*src.value()), "first,second");
}

TEST(ByteSource, MissingFileIsAnIoErrorNamingThePath) {
  auto src = open_input("/nonexistent/x.heapsnapshot");
  ASSERT_FALSE(src.ok());
  EXPECT_EQ(src.error().code(), ErrorCode::kIo);
  EXPECT_NE(std::string(src.error().what()).find("/nonexistent/x.heapsnapshot"), std::string::npos);
}

}  // namespace
}  // namespace heapleak
