#pragma once

#include <optional>

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>

namespace Ops {

//! \brief What a driver is doing: offline, idle (online, no job), en_route (driving a job),
//! on_break.
enum class DriverStatus {
    Offline,
    Idle,
    EnRoute,
    OnBreak,
};

[[nodiscard]] QString toString(DriverStatus status);
[[nodiscard]] std::optional<DriverStatus> driverStatusFromString(QStringView text);

//! \brief A phone or tracker registered to a driver. Its key (the OsmAnd `id` it reports with)
//! is shown once when it is registered; the server keeps only the key's SHA-256.
struct DriverDevice
{
    QString id; //!< "DEV-" and the first 12 hex digits of the key's SHA-256
    QString label; //!< what a manager called it ("Ava's phone")
    QDateTime registeredAt;
    QByteArray keySha256; //!< lowercase hex; never on the wire

    //! `{id, label, registeredAt}`.
    [[nodiscard]] QJsonObject toJson() const;

    friend bool operator==(const DriverDevice &, const DriverDevice &) = default;
};

//! \brief One driver as it travels on the wire (`GET /api/drivers`). Position and presence
//! change often: `driver.updated` events carry them in `fields`.
struct Driver
{
    QString id;
    QString name;
    QString region;
    DriverStatus status = DriverStatus::Offline;
    double lat = 0; //!< with hasPosition() only
    double lon = 0; //!< with hasPosition() only
    QDateTime lastSeenAt; //!< when the server last heard from the driver; invalid = never
    qint64 version = 0;

    QString phone; //!< as a manager entered it; empty = none
    QString vehicle;
    bool active = true; //!< a deactivated driver cannot be assigned and its devices cannot report
    QList<DriverDevice> devices; //!< registered, not revoked

    //! When the last position was taken (the device's fix time); invalid = no position yet.
    QDateTime positionAt;
    QString positionSource; //!< "osmand", "driver_api", or empty (set directly)
    QString positionDevice; //!< the device that reported it (osmand), else empty
    std::optional<double> battery; //!< percent, 0 to 100
    std::optional<double> speedKmh;
    std::optional<double> bearing; //!< degrees clockwise from north
    std::optional<double> accuracyM;

    [[nodiscard]] bool isOnline() const { return status != DriverStatus::Offline; }
    [[nodiscard]] bool hasPosition() const { return positionAt.isValid(); }
    //! The device with key hash \a keySha256, or null.
    [[nodiscard]] const DriverDevice *deviceByKeyHash(const QByteArray &keySha256) const;
    [[nodiscard]] QJsonObject toJson() const;
    //! The high-frequency part that `driver.updated` carries: status, lat, lon, lastSeenAt,
    //! positionAt, positionSource, positionDevice, battery, speedKmh, bearing, accuracyM
    //! (`null` when unknown).
    [[nodiscard]] QJsonObject liveFields() const;
    //! Validates every field; on failure returns nullopt and says why in \a error. The fields
    //! added with managed drivers (phone … accuracyM) may be missing (an older server).
    [[nodiscard]] static std::optional<Driver> fromJson(const QJsonObject &json, QString *error);

    friend bool operator==(const Driver &, const Driver &) = default;
};

} // namespace Ops

Q_DECLARE_METATYPE(Ops::Driver)
