#include "faketileserver.h"

#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

#include "tilefixture.h"

using namespace Qt::StringLiterals;

FakeTileServer::FakeTileServer(QObject *parent)
    : QObject(parent)
{
    connect(&m_server, &QTcpServer::newConnection, this, &FakeTileServer::onConnection);
}

FakeTileServer::~FakeTileServer()
{
    m_server.close();
    qDeleteAll(m_server.findChildren<QTcpSocket *>(Qt::FindDirectChildrenOnly));
}

bool FakeTileServer::listen()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

QString FakeTileServer::urlTemplate() const
{
    return u"http://127.0.0.1:%1/{z}/{x}/{y}.png"_s.arg(m_server.serverPort());
}

void FakeTileServer::onConnection()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QObject::destroyed, this, [this, socket] { m_buffers.remove(socket); });
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] {
            QByteArray &buffer = m_buffers[socket];
            buffer += socket->readAll();
            // Keep-alive: answer every complete request head in the buffer.
            for (qsizetype end = buffer.indexOf("\r\n\r\n"); end >= 0;
                 end = buffer.indexOf("\r\n\r\n")) {
                const QList<QByteArray> line = buffer.left(buffer.indexOf("\r\n")).split(' ');
                buffer.remove(0, end + 4);
                ++m_requests;
                m_lastPath = QString::fromLatin1(line.value(1));
                if (m_mode == Mode::Hang)
                    continue;
                int status = 200;
                QByteArray body;
                const QStringList parts = m_lastPath.split(u'/'); // "", z, x, "y.png"
                const int z = parts.value(1).toInt();
                if (m_mode == Mode::Failing) {
                    status = 500;
                    body = "tile renderer down";
                } else if (parts.size() != 4 || z < 0 || z > 19) {
                    status = 404;
                } else {
                    body = TileFixture::png(
                        z, parts.value(2).toInt(), parts.value(3).section(u'.', 0, 0).toInt());
                }
                const QByteArray response = "HTTP/1.1 " + QByteArray::number(status)
                    + (status == 200 ? " OK" : " Error")
                    + "\r\nContent-Type: " + (status == 200 ? "image/png" : "text/plain")
                    + "\r\nCache-Control: max-age=86400\r\nContent-Length: "
                    + QByteArray::number(body.size()) + "\r\n\r\n" + body;
                QPointer<QTcpSocket> guard(socket);
                const auto send = [guard, response] {
                    if (guard)
                        guard->write(response);
                };
                if (m_mode == Mode::Slow)
                    QTimer::singleShot(m_delay, this, send);
                else
                    send();
            }
        });
    }
}
