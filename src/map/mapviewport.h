#pragma once

#include <QList>
#include <QMarginsF>
#include <QRectF>
#include <QSizeF>

#include "tilesource.h"
#include "webmercator.h"

namespace Ops {

//! \brief What part of the Web Mercator world a map widget shows: a centre, a (fractional) zoom
//! and the widget's size. Converts between positions and widget pixels, pans, zooms about a
//! point, fits a box of positions, and lists the tiles that cover the view.
//!
//! A plain value: the widget holds one and asks it; tests drive it without a widget.
class MapViewport
{
public:
    static constexpr double kMinZoom = 2;
    static constexpr double kMaxZoom = 19;

    void setSize(QSizeF size) { m_size = size; }
    [[nodiscard]] QSizeF size() const { return m_size; }
    void setCentre(LatLon centre);
    [[nodiscard]] LatLon centre() const { return WebMercator::fromWorld(m_centre); }
    //! Clamped to [kMinZoom, kMaxZoom].
    void setZoom(double zoom);
    [[nodiscard]] double zoom() const { return m_zoom; }

    [[nodiscard]] QPointF toScreen(LatLon position) const;
    [[nodiscard]] LatLon toPosition(QPointF screen) const;
    //! Moves the content by \a pixels (a drag to the right shows what is west).
    void panBy(QPointF pixels);
    //! Changes the zoom by \a steps (one step doubles the scale) keeping the position under
    //! \a anchor (widget pixels) where it is.
    void zoomBy(double steps, QPointF anchor);
    //! Centres on the box \a south..north × \a west..east and picks the largest zoom (at most
    //! \a maxZoom) that shows it inside the widget less \a margins.
    void fit(
        LatLon southWest, LatLon northEast, const QMarginsF &margins, double maxZoom = kMaxZoom);
    //! Metres one widget pixel covers at the centre.
    [[nodiscard]] double metresPerPixel() const;

    //! The integer zoom tiles are drawn from for the current zoom (\a minZoom … \a maxZoom of a
    //! source): the nearest, so a tile is drawn at between 0.7 and 1.4 times its size.
    [[nodiscard]] int tileZoom(int minZoom = 0, int maxZoom = 22) const;
    //! The tiles of zoom \a z that the view shows, the centre's first.
    [[nodiscard]] QList<TileId> visibleTiles(int z) const;
    //! Where tile \a tile is drawn, in widget pixels.
    [[nodiscard]] QRectF tileRect(const TileId &tile) const;

    friend bool operator==(const MapViewport &, const MapViewport &) = default;

private:
    QSizeF m_size { 256, 256 };
    QPointF m_centre { 0.5, 0.5 }; //!< world coordinates
    double m_zoom = 12;
};

} // namespace Ops
