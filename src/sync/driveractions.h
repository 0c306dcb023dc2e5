#pragma once

#include <functional>

#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QUrl>

#include "core/error.h"

namespace Ops {

class ApiClient;
class ApiRequest;
class ConnectionManager;
class QueryClient;

//! \brief The server's answer to one change of a driver.
struct DriverActionResult
{
    bool ok = false;
    ErrorKind kind = ErrorKind::None; //!< why not, when not ok
    //! The field a refused change is about (`name`, `phone`, `vehicle`, `region`), when the
    //! server named one; empty otherwise.
    QString field;
    QString message; //!< the server's words when not ok
    //! ok: the driver as the server has it now; a conflict: the server's current row.
    QJsonObject driver;
    //! registerDevice(): the new device (`id`, `label`, `registeredAt`).
    QJsonObject device;
    //! registerDevice(): the device key, shown once. Never written anywhere by DriverActions.
    QString deviceKey;
};

//! \brief What a manager does to drivers: add, edit (against the version shown), deactivate and
//! reactivate, register and revoke phones.
//!
//! Not optimistic (these are rare and the dialogs wait for the answer): each call sends one
//! request and reports the server's answer to \a done. A confirmed change is written into the
//! drivers list, QueryKeys::drivers() (the event that follows finds it there already) and the
//! driver's own queries (its history) are refetched; a 409 writes the server's current row into
//! the list and reports it, so the manager decides again on what is there now. A device key is
//! handed to \a done and kept nowhere: not in the query cache, not in a log.
class DriverActions final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DriverActions)
    Q_PROPERTY(bool canManage READ canManage NOTIFY canManageChanged)

public:
    using Done = std::function<void(const Ops::DriverActionResult &)>;

    DriverActions(QueryClient *queries, ApiClient *api, ConnectionManager *connection,
        QObject *parent = nullptr);
    ~DriverActions() override;

    //! The signed-in user may manage drivers: the server named the role `manager` in `ready`.
    [[nodiscard]] bool canManage() const;
    //! The driver as the drivers list shows it now; empty if unknown.
    [[nodiscard]] QJsonObject cachedDriver(const QString &id) const;
    //! Where a phone sends its reports: the OsmAnd path of the server the app is signed in to
    //! (`<server>/api/osmand`). The app cannot know whether the server also listens on an OsmAnd
    //! port of its own (`--osmand-port`); this URL works either way.
    [[nodiscard]] QUrl osmandUrl() const;
    //! The regions of the drivers listed, sorted (what a manager picks a region from).
    [[nodiscard]] QStringList knownRegions() const;

    //! Adds a driver with \a fields (`name`, `region`, `phone`, `vehicle`). Returns false (and
    //! sends nothing; \a done is not called) without an ApiClient. \a done runs in \a context's
    //! thread, not at all once \a context is gone.
    bool create(const QJsonObject &fields, QObject *context, Done done);
    //! Changes \a fields of driver \a id against \a expectedVersion (`If-Match`).
    bool edit(const QString &id, const QJsonObject &fields, qint64 expectedVersion,
        QObject *context, Done done);
    //! Deactivates (\a active false) or reactivates driver \a id against the version shown.
    //! False when the driver is not in the list.
    bool setActive(const QString &id, bool active, QObject *context, Done done);
    //! Registers a phone for driver \a id labelled \a label: the answer carries its key.
    bool registerDevice(const QString &id, const QString &label, QObject *context, Done done);
    //! Revokes device \a deviceId of driver \a id.
    bool revokeDevice(const QString &id, const QString &deviceId, QObject *context, Done done);

    //! The field a 400's message is about: the server's `field`, else the quoted name that opens
    //! the message (`'phone' must be …` → `phone`); empty when neither.
    [[nodiscard]] static QString fieldOf(const QJsonObject &errorBody);

Q_SIGNALS:
    void canManageChanged(bool canManage);
    //! A change of driver \a id was confirmed (\a driver: the server's row).
    void driverChanged(const QString &id, const QJsonObject &driver);

private:
    bool send(const QString &what, const QString &id, const ApiRequest &request, QObject *context,
        Done done);
    void writeServerRow(const QJsonObject &row);

    QueryClient *m_queries;
    QPointer<ApiClient> m_api;
    ConnectionManager *m_connection;
};

} // namespace Ops
