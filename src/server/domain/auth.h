#pragma once

#include <optional>

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QStringList>

#include "core/error.h"

namespace Ops {

//! \brief Who is calling, and what they may see and change.
struct User
{
    enum class Role {
        Viewer,
        Dispatcher,
        Manager,
        Driver, //!< one driver's own API (`/api/me/…`) and nothing else
    };

    QString name;
    Role role = Role::Viewer;
    QStringList regions; //!< empty = all regions
    QString driverId {}; //!< the driver a Driver user is (the users file's `driverId`)

    //! True when orders of \a region are visible to this user.
    [[nodiscard]] bool canSeeRegion(const QString &region) const
    {
        return regions.isEmpty() || regions.contains(region);
    }
    //! Dispatchers and managers change orders; viewers read only.
    [[nodiscard]] bool canWrite() const
    {
        return role == Role::Dispatcher || role == Role::Manager;
    }
    //! Payments are money: managers only.
    [[nodiscard]] bool canReadPayments() const { return role == Role::Manager; }
    //! Alerts are work items: dispatchers and managers see and handle them.
    [[nodiscard]] bool canHandleAlerts() const { return canWrite(); }
    //! Drivers and their devices are managed by managers.
    [[nodiscard]] bool canManageDrivers() const { return role == Role::Manager; }
    //! A driver's token reaches only that driver's own API.
    [[nodiscard]] bool isDriver() const { return role == Role::Driver; }
    //! The WebSocket channel policy (docs/protocol.md, "Channels"): `orders`, `drivers` and
    //! `kpis` for everyone but drivers, `alerts` for dispatchers and managers, `payments` for
    //! managers.
    [[nodiscard]] bool canSubscribe(QStringView channel) const;

    [[nodiscard]] static QString roleName(Role role);
    [[nodiscard]] static std::optional<Role> roleFromName(QStringView name);
};

//! \brief Bearer-token authentication. Only SHA-256 hashes of tokens are kept; tokens are never
//! logged.
class Auth
{
public:
    Auth() = default;

    //! SHA-256 of \a token as lowercase hex, the form users files store.
    [[nodiscard]] static QByteArray hashToken(QStringView token);

    //! Replaces the users with those of \a path:
    //! `{"users":[{"name","role","regions":[…],"tokenSha256"}]}`; a `driver` user names its
    //! driver with `"driverId"` (and only a driver user may).
    //! On failure the current users stay and the error names the file and the problem.
    [[nodiscard]] Error loadFile(const QString &path);
    //! loadFile() of the text \a json, read from \a source (named in errors).
    [[nodiscard]] Error loadJson(const QByteArray &json, const QString &source);

    //! Adds (or replaces) the user whose token hashes to \a tokenSha256Hex.
    void addUser(const User &user, const QByteArray &tokenSha256Hex);
    [[nodiscard]] qsizetype userCount() const { return m_users.size(); }
    //! Every user (no tokens), in no particular order.
    [[nodiscard]] QList<User> users() const { return m_users.values(); }

    [[nodiscard]] std::optional<User> authenticate(QStringView token) const;
    //! The same, by the SHA-256 hex of the token (sessions keep only the hash, to re-check it).
    [[nodiscard]] std::optional<User> authenticateHash(const QByteArray &tokenSha256Hex) const;

private:
    QHash<QByteArray, User> m_users; //!< keyed by SHA-256 hex of the token
};

} // namespace Ops
