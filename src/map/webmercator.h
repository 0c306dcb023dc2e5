#pragma once

#include <QPointF>

namespace Ops {

//! \brief A WGS 84 position in degrees (the map's own: the basemap needs no protocol types).
struct LatLon
{
    double lat = 0;
    double lon = 0;

    friend bool operator==(const LatLon &, const LatLon &) = default;
};

//! \brief The spherical Web Mercator projection (EPSG:3857) every XYZ tile server and MBTiles
//! file uses, in "world" coordinates: x and y in [0, 1], x east from 180° W, y south from
//! 85.0511° N. At zoom z the world is 256 · 2^z pixels wide and tile (x, y) covers
//! [x, x + 1) × [y, y + 1) in units of 256 pixels.
namespace WebMercator {

inline constexpr int kTileSize = 256;
//! The latitude at which the projected world is square (atan(sinh(π))).
inline constexpr double kMaxLatitude = 85.0511287798066;
inline constexpr double kEarthCircumferenceM = 40075016.686;

//! \a lat is clamped to ±kMaxLatitude.
[[nodiscard]] QPointF toWorld(LatLon position);
[[nodiscard]] LatLon fromWorld(QPointF world);
//! World pixels across at \a zoom (fractional zooms allowed): 256 · 2^zoom.
[[nodiscard]] double worldSize(double zoom);
//! Metres one pixel covers on the ground at \a lat and \a zoom.
[[nodiscard]] double metresPerPixel(double lat, double zoom);
//! The row an MBTiles file stores tile row \a y of zoom \a z under (TMS counts from the south).
[[nodiscard]] int tmsRow(int z, int y);

} // namespace WebMercator

} // namespace Ops
