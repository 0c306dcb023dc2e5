#include "maproutes.h"

#include <QFontMetrics>
#include <QLocale>
#include <QPainter>
#include <QPolygonF>
#include <QWidget>

#include "map/mapviewport.h"

using namespace Qt::StringLiterals;

namespace Ops {

QString MapRoutes::etaLabel(const QDateTime &etaAt, bool estimate)
{
    const QString time = QLocale().toString(etaAt.toLocalTime().time(), u"HH:mm"_s);
    return estimate ? tr("ETA ≈%1").arg(time) : tr("ETA %1").arg(time);
}

void MapRoutes::paintTrail(QPainter &painter, const MapViewport &view,
    const std::vector<LatLon> &trail, const QPalette &palette)
{
    if (trail.size() < 2)
        return;
    QPolygonF line;
    line.reserve(qsizetype(trail.size()));
    for (const LatLon &point : trail)
        line.append(view.toScreen(point));
    QColor color = palette.color(QPalette::Highlight);
    painter.setRenderHint(QPainter::Antialiasing, true);
    color.setAlpha(80);
    painter.setPen(QPen(color, 6, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    painter.drawPolyline(line);
    color.setAlpha(230);
    painter.setPen(QPen(color, 2, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    painter.drawPolyline(line);
    // The breadcrumbs themselves: where a position was reported.
    painter.setPen(Qt::NoPen);
    painter.setBrush(color);
    for (const QPointF &pt : std::as_const(line))
        painter.drawEllipse(pt, 2, 2);
    painter.setRenderHint(QPainter::Antialiasing, false);
}

void MapRoutes::paint(QPainter &painter, const MapViewport &view,
    const std::vector<MapRoute> &routes, const std::vector<QPointF> &screen, qsizetype labelled,
    const QRectF &visible, const QWidget &style, const QColor &color)
{
    if (routes.empty())
        return;
    const auto shown = [&visible](const QLineF &line) {
        return visible.intersects(QRectF(line.p1(), line.p2()).normalized().adjusted(-1, -1, 1, 1));
    };
    std::vector<QLineF> lines;
    std::vector<QLineF> legs;
    lines.reserve(routes.size());
    for (const MapRoute &route : routes) {
        const QPointF stop = view.toScreen(route.stop);
        if (const QLineF line(screen[route.driver], stop); shown(line))
            lines.push_back(line);
        if (route.then) {
            if (const QLineF leg(stop, view.toScreen(*route.then)); shown(leg))
                legs.push_back(leg);
        }
    }
    const QPalette &palette = style.palette();
    QColor lineColor = color;
    painter.setRenderHint(QPainter::Antialiasing, true);
    lineColor.setAlpha(200);
    painter.setPen(QPen(lineColor, 2, Qt::DashLine));
    painter.drawLines(lines.data(), int(lines.size()));
    lineColor.setAlpha(110);
    painter.setPen(QPen(lineColor, 1.5, Qt::DotLine));
    painter.drawLines(legs.data(), int(legs.size()));
    painter.setPen(QPen(color, 1.5));
    painter.setBrush(palette.color(QPalette::Base));
    for (const QLineF &line : lines)
        painter.drawRect(QRectF(line.p2() - QPointF(3, 3), QSizeF(6, 6)));
    if (labelled >= 0 && size_t(labelled) < routes.size()) {
        const MapRoute &route = routes[size_t(labelled)];
        if (route.etaAt.isValid()) {
            const QString text = etaLabel(route.etaAt, route.estimate);
            const QPointF at = view.toScreen(route.then.value_or(route.stop));
            const QFontMetrics fm(style.font());
            const QRectF box(at + QPointF(8, -fm.height() - 4),
                QSizeF(fm.horizontalAdvance(text) + 10, fm.height() + 4));
            QColor back = palette.color(QPalette::Window);
            back.setAlpha(230);
            painter.setPen(QPen(color, 1));
            painter.setBrush(back);
            painter.drawRoundedRect(box, 3, 3);
            painter.setPen(palette.color(QPalette::WindowText));
            painter.drawText(box, Qt::AlignCenter, text);
        }
    }
    painter.setRenderHint(QPainter::Antialiasing, false);
}

} // namespace Ops
