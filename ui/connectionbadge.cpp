#include "connectionbadge.h"

#include <QDateTime>

using namespace Qt::StringLiterals;

namespace Ops {

ConnectionBadge::ConnectionBadge(QWidget *parent)
    : QLabel(parent)
{
    setObjectName(u"connectionBadge"_s);
    setAlignment(Qt::AlignCenter);
    // Wide enough for the longest usual text in the loaded language, so the badge does not jump.
    setMinimumWidth(
        fontMetrics().horizontalAdvance(u"  %1  "_s.arg(tr("Reconnecting in %1 s").arg(30))));
    m_countdown.setInterval(250);
    connect(&m_countdown, &QTimer::timeout, this, &ConnectionBadge::refresh);
    refresh();
}

ConnectionBadge::~ConnectionBadge() = default;

void ConnectionBadge::setConnection(ConnectionManager *connection)
{
    if (m_connection)
        m_connection->disconnect(this);
    m_connection = connection;
    if (connection) {
        connect(
            connection, &ConnectionManager::stateChanged, this, &ConnectionBadge::onStateChanged);
        connect(
            connection, &ConnectionManager::reconnectScheduled, this, &ConnectionBadge::refresh);
        onStateChanged(connection->state());
    }
}

void ConnectionBadge::onStateChanged(ConnectionManager::State state)
{
    const bool changed = m_state != state;
    m_state = state;
    if (state == ConnectionManager::State::Reconnecting)
        m_countdown.start();
    else
        m_countdown.stop();
    refresh();
    if (changed)
        Q_EMIT stateChanged(state);
}

void ConnectionBadge::refresh()
{
    using State = ConnectionManager::State;
    QString text;
    QString name; //!< what a screen reader says: the state without the badge's symbols
    QString background;
    QString tip;
    switch (m_state) {
    case State::Live:
        text = tr("● Live");
        name = tr("Connection: live");
        background = u"#1a7f37"_s;
        tip = tr("Connected: every change appears as it happens.");
        break;
    case State::Connecting:
        text = tr("Connecting…");
        name = tr("Connection: connecting, not live yet");
        background = u"#9a6700"_s;
        tip = tr("Connecting to the server. What you see may not be current yet.");
        break;
    case State::Authenticating:
        text = tr("Signing in…");
        name = tr("Connection: signing in, not live yet");
        background = u"#9a6700"_s;
        tip = tr("Connected; waiting for the server to accept the sign-in.");
        break;
    case State::Reconnecting: {
        const QDateTime at = m_connection ? m_connection->nextRetryAt() : QDateTime();
        const qint64 ms = at.isValid() ? QDateTime::currentDateTimeUtc().msecsTo(at) : 0;
        text = ms > 0 ? tr("Reconnecting in %1 s").arg((ms + 999) / 1000) : tr("Reconnecting…");
        name = tr("Connection: lost, not live, reconnecting");
        background = u"#bc4c00"_s;
        tip = tr("Connection lost. The data shown is not live until the badge says Live.");
        break;
    }
    case State::Offline:
        text = tr("Offline — no network");
        name = tr("Connection: offline, no network, not live");
        background = u"#57606a"_s;
        tip = tr("This computer has no network. Reconnecting as soon as it returns.");
        break;
    case State::Unauthorized:
        text = tr("Signed out");
        name = tr("Connection: signed out, not live");
        background = u"#cf222e"_s;
        tip = tr("The server rejected the sign-in token. Sign in again.");
        break;
    case State::Disconnected:
        text = tr("Not connected");
        name = tr("Connection: not connected, not live");
        background = u"#57606a"_s;
        tip = tr("Not connected. The data shown is not live.");
        break;
    }
    setText(text);
    setToolTip(tip);
    // The countdown is not repeated to a screen reader every second: the name changes with the
    // state only.
    if (name != accessibleName()) {
        setAccessibleName(name);
        setAccessibleDescription(tip);
    }
    setStyleSheet(u"QLabel { color: white; background: %1; border-radius: 4px; padding: 2px 10px;"
                  " font-weight: bold; }"_s.arg(background));
}

} // namespace Ops
