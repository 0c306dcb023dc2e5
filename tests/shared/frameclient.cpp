#include "frameclient.h"

#include <memory>

#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QSignalSpy>

using namespace Qt::StringLiterals;

QString HttpResult::error() const
{
    return json.object().value("error"_L1).toString();
}

QString HttpResult::message() const
{
    return json.object().value("message"_L1).toString();
}

HttpResult sendHttp(QNetworkAccessManager &nam, const QByteArray &verb, const QUrl &url,
    const QString &token, const QByteArray &body,
    const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QNetworkRequest req(url);
    if (!token.isEmpty())
        req.setRawHeader("Authorization", "Bearer " + token.toUtf8());
    if (!body.isEmpty())
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json"_ba);
    for (const auto &[name, value] : headers)
        req.setRawHeader(name, value);
    std::unique_ptr<QNetworkReply> reply(nam.sendCustomRequest(req, verb, body));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    if (!reply->isFinished())
        finished.wait(10000);
    HttpResult result;
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = reply->readAll();
    result.json = QJsonDocument::fromJson(result.body);
    for (const auto &[name, value] : reply->rawHeaderPairs())
        result.headers.insert(name.toLower(), value);
    return result;
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
