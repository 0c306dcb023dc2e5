#pragma once

#include <optional>

#include <QString>

#include "protocol/driver.h"
#include "server/store/storelisting.h"

namespace Ops {

class Store;

//! \brief A new driver as a manager describes it (`POST /api/drivers`).
struct DriverDraft
{
    QString id; //!< empty: the next "DRV-nnn"
    QString name;
    QString region;
    QString phone;
    QString vehicle;
    bool active = true;
};

//! \brief What a `PATCH /api/drivers/<id>` changes; unset fields stay.
struct DriverChange
{
    std::optional<QString> name;
    std::optional<QString> phone;
    std::optional<QString> vehicle;
    std::optional<QString> region;
    std::optional<bool> active;
};

//! \brief A device registered by DriverService::registerDevice(): the write, the device and
//! its key, which exists nowhere else (the server keeps only its hash).
struct DeviceRegistration
{
    StoreWrite<Driver> write;
    DriverDevice device;
    QString key;
};

//! \brief The rules of managed drivers over the store: creating, changing, deactivating, their
//! devices and their presence. Every change is one versioned write of the driver (one version,
//! one `driver.created`/`driver.updated` event, history rows for what a manager changed).
class DriverService
{
public:
    //! Most devices one driver may have registered at once.
    static constexpr int MaxDevices = 10;

    explicit DriverService(Store &store);

    //! Creates \a draft (valid fields, see validation.h) as version 1, offline, without a
    //! position. Conflict when its id exists.
    [[nodiscard]] StoreWrite<Driver> create(const DriverDraft &draft, const QString &actor);
    //! Applies \a change to driver \a id as one versioned write. Rules: a change that changes
    //! nothing is a BadRequest; a driver with open orders cannot be deactivated (BadRequest
    //! naming them: reassign them first); deactivating takes the driver offline. NotFound,
    //! Conflict (with the current row) and refusals change nothing.
    [[nodiscard]] StoreWrite<Driver> change(const QString &id, const DriverChange &change,
        std::optional<qint64> expectedVersion, const QString &actor);
    //! Registers a new device labelled \a label to driver \a driverId, with a new random key
    //! (see generateDeviceKey()). An inactive driver, or one with MaxDevices already, is a
    //! BadRequest.
    [[nodiscard]] DeviceRegistration registerDevice(const QString &driverId, const QString &label,
        std::optional<qint64> expectedVersion, const QString &actor);
    //! Revokes device \a deviceId of driver \a driverId: its key never reports again. NotFound
    //! when the driver has no such device.
    [[nodiscard]] StoreWrite<Driver> revokeDevice(const QString &driverId, const QString &deviceId,
        std::optional<qint64> expectedVersion, const QString &actor);
    //! Sets the presence of driver \a id (offline, idle, en route, on a break), keeping its
    //! position. An inactive driver can only be offline (BadRequest).
    [[nodiscard]] StoreWrite<Driver> setStatus(
        const QString &id, DriverStatus status, const QString &actor);

    //! A new device key: 26 characters of the lowercase Crockford base32 alphabet (130 random
    //! bits from the system's secure generator), easy to read out and to type.
    [[nodiscard]] static QString generateDeviceKey();
    //! SHA-256 of \a key as lowercase hex: how devices are stored and found.
    [[nodiscard]] static QByteArray keyHash(QStringView key);
    //! The device \a key registers: id "DEV-" + the first 12 hex digits of its hash.
    [[nodiscard]] static DriverDevice deviceForKey(
        QStringView key, const QString &label, const QDateTime &registeredAt);

private:
    Store &m_store;
};

} // namespace Ops
