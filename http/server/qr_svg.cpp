#include "http/server/qr_svg.hpp"

#include <qrencode.h>

#include <memory>
#include <stdexcept>

namespace ws::http::server {

namespace {

constexpr int quiet_zone = 4;  // modules of white around the code, as the QR standard asks

struct qr_free {
  void operator()(QRcode* code) const { QRcode_free(code); }
};

}  // namespace

std::string qr_svg(std::string_view text, int size_mm) {
  const std::string input(text);
  std::unique_ptr<QRcode, qr_free> code(QRcode_encodeString(input.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1));
  if (!code) throw std::runtime_error("libqrencode could not encode the QR string");
  const int width = code->width;
  const int side = width + 2 * quiet_zone;
  // One path of unit squares: a compact drawing every browser renders crisply.
  std::string path;
  for (int y = 0; y < width; ++y)
    for (int x = 0; x < width; ++x)
      if (code->data[y * width + x] & 1)
        path += "M" + std::to_string(x + quiet_zone) + " " + std::to_string(y + quiet_zone) + "h1v1h-1z";
  const std::string size = std::to_string(size_mm) + "mm";
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" width=\"" + size + "\" height=\"" + size +
         "\" viewBox=\"0 0 " + std::to_string(side) + " " + std::to_string(side) +
         "\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"QR\"><rect width=\"" + std::to_string(side) +
         "\" height=\"" + std::to_string(side) + "\" fill=\"#fff\"/><path d=\"" + path + "\" fill=\"#000\"/></svg>";
}

}  // namespace ws::http::server
