#include "webmercator.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace Ops::WebMercator {

QPointF toWorld(LatLon position)
{
    const double lat = std::clamp(position.lat, -kMaxLatitude, kMaxLatitude);
    const double phi = lat * std::numbers::pi / 180.0;
    const double x = (position.lon + 180.0) / 360.0;
    const double y = (1.0 - std::log(std::tan(phi) + 1.0 / std::cos(phi)) / std::numbers::pi) / 2.0;
    return { x, y };
}

LatLon fromWorld(QPointF world)
{
    const double lon = world.x() * 360.0 - 180.0;
    const double n = std::numbers::pi * (1.0 - 2.0 * world.y());
    const double lat = std::atan(std::sinh(n)) * 180.0 / std::numbers::pi;
    return { lat, lon };
}

double worldSize(double zoom)
{
    return kTileSize * std::exp2(zoom);
}

double metresPerPixel(double lat, double zoom)
{
    return kEarthCircumferenceM * std::cos(lat * std::numbers::pi / 180.0) / worldSize(zoom);
}

int tmsRow(int z, int y)
{
    return (1 << z) - 1 - y;
}

} // namespace Ops::WebMercator
