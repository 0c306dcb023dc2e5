#include "travelmodel.h"

#include <cmath>
#include <numbers>

namespace Ops {

double TravelModel::distanceKm(GeoPoint a, GeoPoint b)
{
    constexpr double earthRadiusKm = 6371.0088;
    constexpr double toRad = std::numbers::pi / 180.0;
    const double dLat = (b.lat - a.lat) * toRad;
    const double dLon = (b.lon - a.lon) * toRad;
    const double h = std::sin(dLat / 2) * std::sin(dLat / 2)
        + std::cos(a.lat * toRad) * std::cos(b.lat * toRad) * std::sin(dLon / 2)
            * std::sin(dLon / 2);
    return 2 * earthRadiusKm * std::asin(std::min(1.0, std::sqrt(h)));
}

double TravelModel::seconds(GeoPoint from, GeoPoint to, const QString &region) const
{
    const double speed = speedIn(region);
    if (!(speed > 0))
        return 0;
    return distanceKm(from, to) * detourFactor / speed * 3600.0;
}

} // namespace Ops
