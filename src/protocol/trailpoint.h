#pragma once

#include <optional>

#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace Ops {

//! \brief One breadcrumb of a driver's trail (`GET /api/drivers/<id>/trail`): a position the
//! server accepted, with what the device said about it.
struct TrailPoint
{
    QDateTime at; //!< the device's fix time
    double lat = 0;
    double lon = 0;
    std::optional<double> accuracyM;
    std::optional<double> speedKmh;
    std::optional<double> bearing;
    std::optional<double> battery; //!< percent
    QString source; //!< "osmand", "driver_api", or empty (set directly)

    //! `{at, lat, lon, accuracyM, speedKmh, bearing, battery, source}`; unknown
    //! readings are `null`.
    [[nodiscard]] QJsonObject toJson() const;
    //! Validates every field; on failure returns nullopt and says why in \a error.
    [[nodiscard]] static std::optional<TrailPoint> fromJson(
        const QJsonObject &json, QString *error);

    friend bool operator==(const TrailPoint &, const TrailPoint &) = default;
};

} // namespace Ops
