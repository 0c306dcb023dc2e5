#pragma once

#include <functional>
#include <vector>

#include <QPointF>
#include <QString>

namespace Ops::MapKeyboard {

//! The marker the keyboard moves to from marker \a current (an index into \a screen; −1: none)
//! for \a key: Home, End, Page Up/Down walk every marker in reading order (rows of 24 px, then
//! left to right, then by \a idOf — so markers drawn on top of each other are reachable too);
//! an arrow goes to the nearest marker in that direction, preferring those straight ahead.
//! −1 when there is no marker, or none in that direction.
[[nodiscard]] qsizetype neighbour(const std::vector<QPointF> &screen,
    const std::function<const QString &(size_t)> &idOf, qsizetype current, int key);

} // namespace Ops::MapKeyboard
