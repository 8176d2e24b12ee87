#pragma once
// A QR code as inline SVG (libqrencode draws the modules): the receipt page shows the
// receipt's QR string so that a phone can scan it as it would the paper one.

#include <string>
#include <string_view>

namespace ws::http::server {

/// An <svg> of `text`'s QR code (error correction level M, a four-module quiet zone),
/// `size_mm` millimetres wide on paper. Throws std::runtime_error when libqrencode fails.
std::string qr_svg(std::string_view text, int size_mm);

}  // namespace ws::http::server
