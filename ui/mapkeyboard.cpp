#include "mapkeyboard.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace Ops::MapKeyboard {

qsizetype neighbour(const std::vector<QPointF> &screen,
    const std::function<const QString &(size_t)> &idOf, qsizetype current, int key)
{
    if (screen.empty())
        return -1;
    std::vector<size_t> order(screen.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        const auto rowA = std::lround(screen[a].y() / 24);
        const auto rowB = std::lround(screen[b].y() / 24);
        if (rowA != rowB)
            return rowA < rowB;
        if (screen[a].x() != screen[b].x())
            return screen[a].x() < screen[b].x();
        return idOf(a) < idOf(b);
    });
    const auto at = std::find(order.begin(), order.end(), size_t(current));
    if (key == Qt::Key_Home || current < 0 || at == order.end())
        return qsizetype(order.front());
    if (key == Qt::Key_End)
        return qsizetype(order.back());
    if (key == Qt::Key_PageDown)
        return qsizetype(*(at + 1 == order.end() ? order.begin() : at + 1));
    if (key == Qt::Key_PageUp)
        return qsizetype(*(at == order.begin() ? order.end() - 1 : at - 1));
    const QPointF from = screen[size_t(current)];
    const QPointF dir = key == Qt::Key_Left ? QPointF(-1, 0)
        : key == Qt::Key_Right              ? QPointF(1, 0)
        : key == Qt::Key_Up                 ? QPointF(0, -1)
                                            : QPointF(0, 1);
    double best = std::numeric_limits<double>::max();
    qsizetype found = -1;
    for (size_t i = 0; i < screen.size(); ++i) {
        const QPointF v = screen[i] - from;
        const double along = v.x() * dir.x() + v.y() * dir.y();
        const double across = std::abs(v.x() * dir.y() - v.y() * dir.x());
        if (along < 1 || across > 2 * along)
            continue;
        const double score = along + 2 * across;
        if (score < best) {
            best = score;
            found = qsizetype(i);
        }
    }
    return found;
}

} // namespace Ops::MapKeyboard
