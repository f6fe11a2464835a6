// The input layer: compression detected by magic bytes, streamed decompression.
#include "heapleak/input/byte_source.h"

#include <gtest/gtest.h>

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
