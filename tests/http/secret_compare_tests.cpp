#include <catch2/catch.hpp>

#include <string>

#include "http/secret_compare.hpp"

using ws::http::secret_equals;

TEST_CASE("secret_equals accepts only the very secret", "[http][secret]") {
  CHECK(secret_equals("s3cret", "s3cret"));
  CHECK(secret_equals("", ""));
  CHECK_FALSE(secret_equals("s3creT", "s3cret"));
  CHECK_FALSE(secret_equals("S3cret", "s3cret"));
  CHECK_FALSE(secret_equals("s3cre", "s3cret"));      // a prefix
  CHECK_FALSE(secret_equals("s3crett", "s3cret"));    // longer
  CHECK_FALSE(secret_equals("", "s3cret"));
  CHECK_FALSE(secret_equals("s3cret", ""));
  // A NUL inside the given text is a byte like any other.
  CHECK_FALSE(secret_equals(std::string("s3cret\0", 7), "s3cret"));
  CHECK(secret_equals("Bearer tok-123", "Bearer tok-123"));
}
