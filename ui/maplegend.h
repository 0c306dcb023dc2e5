#pragma once

#include <QCoreApplication>
#include <QRect>

class QPainter;
class QWidget;

namespace Ops {

//! \brief The map's legend (top right): the marker kinds, and the rows that apply now — orders
//! placed by region, hollow markers for old GPS fixes, ETA lines, the selected driver's trail.
class MapLegend
{
    Q_DECLARE_TR_FUNCTIONS(Ops::MapLegend)

public:
    struct Content
    {
        bool placedByRegion = false; //!< some orders have no coordinates
        bool stale = false; //!< some driver is drawn hollow
        bool routes = false; //!< ETA lines are drawn
        bool trail = false; //!< a trail is drawn
    };

    //! Where the legend goes on \a map.
    [[nodiscard]] static QRect box(const QWidget &map, const Content &content);
    static void paint(QPainter &painter, const QWidget &map, const Content &content);
};

} // namespace Ops
