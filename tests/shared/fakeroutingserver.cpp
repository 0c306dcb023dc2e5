#include "fakeroutingserver.h"

#include <cmath>
#include <numbers>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace {

double distanceKm(double lat1, double lon1, double lat2, double lon2)
{
    constexpr double toRad = std::numbers::pi / 180.0;
    const double dLat = (lat2 - lat1) * toRad;
    const double dLon = (lon2 - lon1) * toRad;
    const double h = std::sin(dLat / 2) * std::sin(dLat / 2)
        + std::cos(lat1 * toRad) * std::cos(lat2 * toRad) * std::sin(dLon / 2) * std::sin(dLon / 2);
    return 2 * 6371.0088 * std::asin(std::min(1.0, std::sqrt(h)));
}

} // namespace

FakeRoutingServer::FakeRoutingServer(QObject *parent)
    : QObject(parent)
{
    connect(&m_server, &QTcpServer::newConnection, this, &FakeRoutingServer::onConnection);
}

FakeRoutingServer::~FakeRoutingServer()
{
    // The connections are the listening socket's children, and each one's `destroyed` takes it
    // out of m_buffers: delete them now, not after m_buffers (a member declared later) is gone.
    m_server.close();
    qDeleteAll(m_server.findChildren<QTcpSocket *>(Qt::FindDirectChildrenOnly));
}

bool FakeRoutingServer::listen()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

QUrl FakeRoutingServer::url() const
{
    return QUrl(u"http://127.0.0.1:%1"_s.arg(m_server.serverPort()));
}

void FakeRoutingServer::onConnection()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QObject::destroyed, this, [this, socket] { m_buffers.remove(socket); });
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] {
            QByteArray &buffer = m_buffers[socket];
            buffer += socket->readAll();
            const qsizetype end = buffer.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            const QList<QByteArray> line = buffer.left(buffer.indexOf("\r\n")).split(' ');
            buffer.remove(0, end + 4);
            ++m_requests;
            if (m_mode == Mode::Hang)
                return;
            int status = 200;
            const QByteArray body = answer(line.size() > 1 ? line.at(1) : QByteArray(), &status);
            const QByteArray response = "HTTP/1.1 " + QByteArray::number(status)
                + (status == 200 ? " OK" : " Error")
                + "\r\nContent-Type: application/json\r\nContent-Length: "
                + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
            QPointer<QTcpSocket> guard(socket);
            const auto send = [guard, response] {
                if (!guard)
                    return;
                guard->write(response);
                guard->disconnectFromHost();
            };
            if (m_mode == Mode::Slow)
                QTimer::singleShot(m_delay, this, send);
            else
                send();
        });
    }
}

QByteArray FakeRoutingServer::answer(const QByteArray &target, int *status)
{
    const QUrl url(QString::fromLatin1(target));
    m_lastPath = url.path();
    m_lastQuery = url.query();
    switch (m_mode) {
    case Mode::Failing:
        *status = 500;
        return R"({"code":"InternalError","message":"down for maintenance"})";
    case Mode::Garbage:
        return "<html>proxy error</html>";
    case Mode::NotOk:
        return R"({"code":"NoTable","message":"no table"})";
    default:
        break;
    }
    // /table/v1/<profile>/<lon,lat;lon,lat…>
    const QStringList parts = url.path().split(u'/');
    QList<std::pair<double, double>> points; // lat, lon
    for (const QString &coordinate : parts.value(4).split(u';')) {
        const QStringList ll = coordinate.split(u',');
        points.append({ ll.value(1).toDouble(), ll.value(0).toDouble() });
    }
    const QUrlQuery query(url);
    QList<int> sources;
    QList<int> destinations;
    for (const QString &i : query.queryItemValue(u"sources"_s).split(u';'))
        sources.append(i.toInt());
    for (const QString &i : query.queryItemValue(u"destinations"_s).split(u';'))
        destinations.append(i.toInt());
    QJsonArray rows;
    for (int s : std::as_const(sources)) {
        QJsonArray row;
        for (int d : std::as_const(destinations)) {
            const auto [lat1, lon1] = points.value(s);
            const auto [lat2, lon2] = points.value(d);
            row.append(
                m_mode == Mode::TooFast ? 1.0 : secondsFor(distanceKm(lat1, lon1, lat2, lon2)));
        }
        rows.append(row);
    }
    if (m_mode == Mode::WrongShape && !rows.isEmpty())
        rows.removeLast();
    return QJsonDocument(QJsonObject { { "code"_L1, "Ok"_L1 }, { "durations"_L1, rows } })
        .toJson(QJsonDocument::Compact);
}
