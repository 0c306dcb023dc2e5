#pragma once

#include <optional>
#include <vector>

#include <QColor>
#include <QCoreApplication>
#include <QDateTime>
#include <QPointF>
#include <QString>

#include "map/webmercator.h"

class QPainter;
class QPalette;
class QRectF;
class QWidget;

namespace Ops {

class MapViewport;

//! \brief A driver's ETA line on the map: from the driver's marker to its next stop, and after a
//! pickup on to the drop-off.
struct MapRoute
{
    size_t driver; //!< the driver's marker (index into the map's screen positions)
    LatLon stop;
    std::optional<LatLon> then; //!< the drop-off after a pickup
    QString orderId;
    QDateTime etaAt; //!< arrival at the drop-off (invalid: none)
    bool estimate = false;
};

//! \brief Draws the map's ETA lines and the selected driver's breadcrumbs.
class MapRoutes
{
    Q_DECLARE_TR_FUNCTIONS(Ops::MapRoutes)

public:
    //! Dashed lines driver → stop with a small square at the stop, dotted legs stop → drop-off,
    //! culled to \a visible; route \a labelled (an index, −1: none) gets its ETA at the drop-off
    //! ("ETA 14:32", "ETA ≈14:32" for an estimate).
    static void paint(QPainter &painter, const MapViewport &view,
        const std::vector<MapRoute> &routes, const std::vector<QPointF> &screen, qsizetype labelled,
        const QRectF &visible, const QWidget &style, const QColor &color);
    //! The breadcrumbs as a haloed line in the highlight colour (oldest first).
    static void paintTrail(QPainter &painter, const MapViewport &view,
        const std::vector<LatLon> &trail, const QPalette &palette);
    //! The label of an ETA at \a etaAt (local time).
    [[nodiscard]] static QString etaLabel(const QDateTime &etaAt, bool estimate);
};

} // namespace Ops
