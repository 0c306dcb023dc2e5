#include "mapviewport.h"

#include <algorithm>
#include <cmath>

namespace Ops {

void MapViewport::setCentre(LatLon centre)
{
    m_centre = WebMercator::toWorld(centre);
}

void MapViewport::setZoom(double zoom)
{
    m_zoom = std::clamp(zoom, kMinZoom, kMaxZoom);
}

QPointF MapViewport::toScreen(LatLon position) const
{
    const double world = WebMercator::worldSize(m_zoom);
    const QPointF offset = (WebMercator::toWorld(position) - m_centre) * world;
    return offset + QPointF(m_size.width() / 2, m_size.height() / 2);
}

LatLon MapViewport::toPosition(QPointF screen) const
{
    const double world = WebMercator::worldSize(m_zoom);
    const QPointF offset = screen - QPointF(m_size.width() / 2, m_size.height() / 2);
    return WebMercator::fromWorld(m_centre + offset / world);
}

void MapViewport::panBy(QPointF pixels)
{
    m_centre -= pixels / WebMercator::worldSize(m_zoom);
    m_centre.setX(std::clamp(m_centre.x(), 0.0, 1.0));
    m_centre.setY(std::clamp(m_centre.y(), 0.0, 1.0));
}

void MapViewport::zoomBy(double steps, QPointF anchor)
{
    const LatLon fixed = toPosition(anchor);
    setZoom(m_zoom + steps);
    // Move the centre so that the anchored position is back under the anchor.
    panBy(anchor - toScreen(fixed));
}

void MapViewport::fit(LatLon southWest, LatLon northEast, const QMarginsF &margins, double maxZoom)
{
    const QPointF a = WebMercator::toWorld(southWest);
    const QPointF b = WebMercator::toWorld(northEast);
    m_centre = (a + b) / 2;
    const double spanX = std::max(std::abs(b.x() - a.x()), 1e-12);
    const double spanY = std::max(std::abs(b.y() - a.y()), 1e-12);
    const double width = std::max(1.0, m_size.width() - margins.left() - margins.right());
    const double height = std::max(1.0, m_size.height() - margins.top() - margins.bottom());
    const double zoom = std::log2(std::min(width / spanX, height / spanY) / WebMercator::kTileSize);
    setZoom(std::min(zoom, maxZoom));
    // The margins need not be even (a legend on one side): centre in what is left.
    panBy(QPointF(margins.left() - margins.right(), margins.top() - margins.bottom()) / 2);
}

double MapViewport::metresPerPixel() const
{
    return WebMercator::metresPerPixel(centre().lat, m_zoom);
}

int MapViewport::tileZoom(int minZoom, int maxZoom) const
{
    return std::clamp(int(std::lround(m_zoom)), minZoom, std::max(minZoom, maxZoom));
}

QList<TileId> MapViewport::visibleTiles(int z) const
{
    const double world = WebMercator::worldSize(m_zoom);
    const double tiles = std::exp2(z);
    // The view's corners in tile units of zoom z.
    const QPointF half(m_size.width() / 2 / world, m_size.height() / 2 / world);
    const QPointF topLeft = (m_centre - half) * tiles;
    const QPointF bottomRight = (m_centre + half) * tiles;
    const int last = int(tiles) - 1;
    const int x0 = std::max(0, int(std::floor(topLeft.x())));
    const int y0 = std::max(0, int(std::floor(topLeft.y())));
    const int x1 = std::min(last, int(std::floor(bottomRight.x())));
    const int y1 = std::min(last, int(std::floor(bottomRight.y())));
    QList<TileId> result;
    if (x1 < x0 || y1 < y0)
        return result;
    result.reserve((x1 - x0 + 1) * (y1 - y0 + 1));
    for (int y = y0; y <= y1; ++y) {
        for (int x = x0; x <= x1; ++x)
            result.append({ z, x, y });
    }
    const QPointF centre = m_centre * tiles;
    std::stable_sort(result.begin(), result.end(), [&centre](const TileId &l, const TileId &r) {
        const auto distance = [&centre](const TileId &t) {
            const QPointF d = QPointF(t.x + 0.5, t.y + 0.5) - centre;
            return d.x() * d.x() + d.y() * d.y();
        };
        return distance(l) < distance(r);
    });
    return result;
}

QRectF MapViewport::tileRect(const TileId &tile) const
{
    const double world = WebMercator::worldSize(m_zoom);
    const double tiles = std::exp2(tile.z);
    const QPointF topLeft = (QPointF(tile.x, tile.y) / tiles - m_centre) * world
        + QPointF(m_size.width() / 2, m_size.height() / 2);
    const double side = world / tiles;
    return { topLeft, QSizeF(side, side) };
}

} // namespace Ops
