#pragma once

#include <QPalette>

namespace Ops {

//! A dark palette on the Fusion style's roles (`--dark`: screenshots, or a desk without a
//! desktop-wide dark theme).
[[nodiscard]] QPalette darkPalette();

} // namespace Ops
