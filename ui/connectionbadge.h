#pragma once

#include <QLabel>
#include <QPointer>
#include <QTimer>

#include "realtime/connectionmanager.h"

namespace Ops {

//! \brief Always-visible statement of how live the screen is: Live, Connecting, Signing in,
//! Reconnecting in n s, Offline, Signed out.
//!
//! It only reads the ConnectionManager's state; it never touches a socket.
class ConnectionBadge final : public QLabel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionBadge)
    Q_PROPERTY(Ops::ConnectionManager::State state READ state NOTIFY stateChanged)

public:
    explicit ConnectionBadge(QWidget *parent = nullptr);
    ~ConnectionBadge() override;

    //! Follows \a connection from now on.
    void setConnection(ConnectionManager *connection);
    [[nodiscard]] ConnectionManager::State state() const { return m_state; }

Q_SIGNALS:
    void stateChanged(Ops::ConnectionManager::State state);

private:
    void onStateChanged(ConnectionManager::State state);
    void refresh();

    QPointer<ConnectionManager> m_connection;
    ConnectionManager::State m_state = ConnectionManager::State::Disconnected;
    QTimer m_countdown;
};

} // namespace Ops
