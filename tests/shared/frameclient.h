#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QStringList>
#include <QUrl>
#include <QWebSocket>

//! \brief What a raw HTTP exchange in a server test returned.
struct HttpResult
{
    int status = 0;
    QJsonDocument json;
    QByteArray body;
    QHash<QByteArray, QByteArray> headers; //!< lowercase names

    [[nodiscard]] QString error() const;
    [[nodiscard]] QString message() const;
};

class QNetworkAccessManager;

//! Sends one request through \a nam and waits (up to 10 s) for the whole answer; \a token, if
//! given, goes in as a bearer token.
HttpResult sendHttp(QNetworkAccessManager &nam, const QByteArray &verb, const QUrl &url,
    const QString &token = {}, const QByteArray &body = {},
    const QList<QPair<QByteArray, QByteArray>> &headers = {});

//! \brief A real WebSocket client for server tests: records every frame and how the connection
//! ended, so a test can assert on the exact conversation.
class FrameClient
{
public:
    FrameClient();

    void send(const QString &text) { socket.sendTextMessage(text); }
    [[nodiscard]] int closeCode() const { return int(socket.closeCode()); }
    //! The `op` of every frame received, in order.
    [[nodiscard]] QStringList ops() const;
    [[nodiscard]] bool hasEventWithSeq(qint64 seq) const;

    QWebSocket socket;
    QList<QJsonObject> frames;
    bool disconnected = false;
};
