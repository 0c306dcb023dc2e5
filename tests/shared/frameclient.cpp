#include "frameclient.h"

#include <QNetworkProxy>

using namespace Qt::StringLiterals;

QString HttpResult::error() const
{
    return json.object().value("error"_L1).toString();
}

QString HttpResult::message() const
{
    return json.object().value("message"_L1).toString();
}

FrameClient::FrameClient()
{
    socket.setProxy(QNetworkProxy::NoProxy);
    QObject::connect(
        &socket, &QWebSocket::textMessageReceived, &socket, [this](const QString &text) {
            frames.append(QJsonDocument::fromJson(text.toUtf8()).object());
        });
    QObject::connect(&socket, &QWebSocket::disconnected, &socket, [this] { disconnected = true; });
}

QStringList FrameClient::ops() const
{
    QStringList result;
    for (const QJsonObject &f : frames)
        result.append(f.value("op"_L1).toString());
    return result;
}

bool FrameClient::hasEventWithSeq(qint64 seq) const
{
    for (const QJsonObject &f : frames) {
        if (f.value("op"_L1).toString() == "event"_L1 && f.value("seq"_L1).toInteger() == seq)
            return true;
    }
    return false;
}
