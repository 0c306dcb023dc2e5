#pragma once

#include <QProcess>
#include <QString>

//! \brief A D-Bus session bus of the test's own: `dbus-daemon --session` on a private socket,
//! with DBUS_SESSION_BUS_ADDRESS pointing at it.
//!
//! Start it before anything in the process uses the session bus (first thing in main()): Qt
//! and GLib read the address once. Services the test plays (a notification server, a wallet)
//! register on it; nothing reaches the desktop's own bus. The daemon is killed (by its PID) when
//! this object goes.
class PrivateSessionBus
{
public:
    PrivateSessionBus() = default;
    ~PrivateSessionBus();
    Q_DISABLE_COPY_MOVE(PrivateSessionBus)

    //! False (with \a error) when dbus-daemon is missing or does not come up.
    bool start(QString *error = nullptr);
    [[nodiscard]] QString address() const { return m_address; }

private:
    QProcess m_daemon;
    QString m_address;
};
