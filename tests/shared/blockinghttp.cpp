#include "blockinghttp.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QThread>

using namespace Qt::StringLiterals;

QJsonObject blockingHttp(const QByteArray &method, const QUrl &url, const QByteArray &body)
{
    QJsonObject answer;
    QThread *thread = QThread::create([&] {
        QNetworkAccessManager nam;
        QNetworkRequest request(url);
        request.setRawHeader("Authorization", "Bearer demo-manager");
        request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
        QNetworkReply *reply = nam.sendCustomRequest(request, method, body);
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        answer = QJsonDocument::fromJson(reply->readAll()).object();
        delete reply;
    });
    thread->start();
    thread->wait();
    delete thread;
    return answer;
}
