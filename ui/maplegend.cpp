#include "maplegend.h"

#include <QFontMetrics>
#include <QList>
#include <QPainter>
#include <QWidget>

#include "mapview.h"

namespace Ops {
namespace {

enum class Glyph {
    Driver,
    Order,
    Hollow,
    Line,
    Trail,
};

struct Row
{
    Glyph glyph;
    QColor color;
    QString text;
};

QList<Row> rows(const QWidget &map, const MapLegend::Content &content)
{
    using Kind = MapView::Kind;
    QList<Row> list {
        { Glyph::Driver, MapView::colorOf(Kind::DriverAvailable),
            MapLegend::tr("Driver available") },
        { Glyph::Driver, MapView::colorOf(Kind::DriverBusy), MapLegend::tr("Driver in transit") },
        { Glyph::Driver, MapView::colorOf(Kind::DriverSilent),
            MapLegend::tr("Driver silent / offline") },
        { Glyph::Order, MapView::colorOf(Kind::OrderOpen),
            content.placedByRegion ? MapLegend::tr("Open order (some placed by region)")
                                   : MapLegend::tr("Open order") },
        { Glyph::Order, MapView::colorOf(Kind::OrderLate), MapLegend::tr("Late order") },
    };
    if (content.stale)
        list.append({ Glyph::Hollow, MapView::colorOf(Kind::DriverAvailable),
            MapLegend::tr("GPS position old") });
    if (content.routes)
        list.append(
            { Glyph::Line, MapView::colorOf(Kind::DriverBusy), MapLegend::tr("To the next stop") });
    if (content.trail)
        list.append({ Glyph::Trail, map.palette().color(QPalette::Highlight),
            MapLegend::tr("Where the driver has been") });
    return list;
}

} // namespace

QRect MapLegend::box(const QWidget &map, const Content &content)
{
    const QFontMetrics fm(map.font());
    int widest = 0;
    for (const Row &row : rows(map, content))
        widest = std::max(widest, fm.horizontalAdvance(row.text));
    const int height = (fm.height() + 2) * int(rows(map, content).size()) + 10;
    return { map.width() - widest - 40, 8, widest + 32, height };
}

void MapLegend::paint(QPainter &painter, const QWidget &map, const Content &content)
{
    const QRect frame = box(map, content);
    const QPalette &palette = map.palette();
    const int line = QFontMetrics(map.font()).height() + 2;
    QColor back = palette.color(QPalette::Window);
    back.setAlpha(220);
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setPen(QPen(palette.color(QPalette::Mid), 1));
    painter.setBrush(back);
    painter.drawRoundedRect(frame, 4, 4);
    int y = frame.top() + 5;
    for (const Row &row : rows(map, content)) {
        const QPointF at(frame.left() + 12, y + line / 2.0);
        switch (row.glyph) {
        case Glyph::Driver:
        case Glyph::Order: {
            const double r = row.glyph == Glyph::Driver ? 4.5 : 3;
            painter.setPen(Qt::NoPen);
            painter.setBrush(row.color);
            painter.drawEllipse(at, r, r);
            break;
        }
        case Glyph::Hollow:
            painter.setPen(QPen(row.color, 2));
            painter.setBrush(palette.color(QPalette::Base));
            painter.drawEllipse(at, 4, 4);
            break;
        case Glyph::Line:
            painter.setPen(QPen(row.color, 2, Qt::DashLine));
            painter.drawLine(at - QPointF(7, 0), at + QPointF(7, 0));
            break;
        case Glyph::Trail:
            painter.setPen(QPen(row.color, 2.5, Qt::SolidLine, Qt::RoundCap));
            painter.drawLine(at - QPointF(7, 3), at + QPointF(7, -1));
            break;
        }
        painter.setPen(palette.color(QPalette::WindowText));
        painter.drawText(
            QRect(frame.left() + 24, y, frame.width() - 26, line), Qt::AlignVCenter, row.text);
        y += line;
    }
}

} // namespace Ops
