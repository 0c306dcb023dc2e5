#pragma once

#include <QHash>
#include <QString>

#include "protocol/order.h"

namespace Ops {

//! \brief The built-in travel-time estimate: straight-line (great-circle) distance × a detour
//! factor ÷ an average speed per region. Always available; the ETA it gives is marked as an
//! estimate.
struct TravelModel
{
    //! Roads are longer than the straight line: 1.4 is typical of a city grid.
    double detourFactor = 1.4;
    //! km/h where a region has no speed of its own (a city average including stops).
    double speedKmh = 18;
    //! km/h per region (keys as in orders' and drivers' `region`).
    QHash<QString, double> regionSpeedKmh;

    //! The average speed in \a region.
    [[nodiscard]] double speedIn(const QString &region) const
    {
        return regionSpeedKmh.value(region, speedKmh);
    }
    //! Seconds from \a from to \a to driving in \a region.
    [[nodiscard]] double seconds(GeoPoint from, GeoPoint to, const QString &region) const;

    //! Great-circle distance in km (haversine, mean Earth radius).
    [[nodiscard]] static double distanceKm(GeoPoint a, GeoPoint b);

    friend bool operator==(const TravelModel &, const TravelModel &) = default;
};

} // namespace Ops
