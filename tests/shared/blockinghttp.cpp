#include "blockinghttp.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QThread>

using namespace Qt::StringLiterals;

QJsonObject blockingHttp(const QByteArray &method, const QUrl &url, const QByteArray &body)
{
    return blockingHttpJson(method, url, body).toObject();
}

QJsonValue blockingHttpJson(const QByteArray &method, const QUrl &url, const QByteArray &body)
{
    QJsonValue answer;
    QThread *thread = QThread::create([&] {
        QNetworkAccessManager nam;
        QNetworkRequest request(url);
        request.setRawHeader("Authorization", "Bearer demo-manager");
        request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
        QNetworkReply *reply = nam.sendCustomRequest(request, method, body);
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        const QJsonDocument doc = QJsonDocument::fromJson(reply->readAll());
        answer = doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
        delete reply;
    });
    thread->start();
    thread->wait();
    delete thread;
    return answer;
}
