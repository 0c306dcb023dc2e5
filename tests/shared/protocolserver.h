#pragma once

#include <optional>

#include <QList>
#include <QObject>
#include <QSslConfiguration>
#include <QUrl>
#include <QWebSocketServer>

#include "protocol/frames.h"

class QWebSocket;

//! \brief A real QWebSocketServer speaking the Opsboard protocol from an in-memory event log.
//!
//! For tests of the client's realtime layer that need control the real server does not give:
//! silent appends (events nobody receives), raw frames, epoch changes, abrupt aborts.
class ProtocolServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProtocolServer)

public:
    explicit ProtocolServer(QObject *parent = nullptr);
    //! A wss:// server with \a ssl (certificate and key).
    explicit ProtocolServer(const QSslConfiguration &ssl, QObject *parent = nullptr);
    ~ProtocolServer() override;

    [[nodiscard]] quint16 port() const { return m_server.serverPort(); }
    [[nodiscard]] QUrl url() const;

    //! Appends an event of \a type for \a id (default "ORD-<seq>") and pushes it to
    //! subscribers, unless \a silent: then only the log has it (a change made while away).
    Ops::ChangeEvent append(bool silent = false,
        const QString &type = QStringLiteral("order.updated"), const QString &id = {},
        const QJsonObject &fields = {}, qint64 version = 1);
    void sendRaw(const QString &text);
    //! Resets every socket (no close frame), like a crash.
    void abortAll();
    void closeAll(Ops::Wire::CloseCode code, const QString &reason);
    [[nodiscard]] int openSockets() const;
    //! Stops accepting (connections are refused) or accepts again on the same port.
    void setListening(bool on);

    QString epoch = QStringLiteral("E1");
    QString validToken = QStringLiteral("good");
    int connections = 0;
    QList<std::optional<Ops::StreamPosition>> subscribeSince;

private:
    void init();
    void send(QWebSocket *socket, const Ops::ChangeEvent &event);
    void onText(QWebSocket *socket, const QString &text);

    QWebSocketServer m_server;
    bool m_secure = false;
    quint16 m_port = 0;
    QList<Ops::ChangeEvent> m_log;
    QList<QWebSocket *> m_subscribed;
};
