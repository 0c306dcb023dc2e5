#include "protocolserver.h"

#include <QDateTime>
#include <QWebSocket>

using namespace Qt::StringLiterals;
using namespace Ops;

ProtocolServer::ProtocolServer(QObject *parent)
    : QObject(parent)
    , m_server(u"test"_s, QWebSocketServer::NonSecureMode)
{
    init();
}

ProtocolServer::ProtocolServer(const QSslConfiguration &ssl, QObject *parent)
    : QObject(parent)
    , m_server(u"test"_s, QWebSocketServer::SecureMode)
    , m_secure(true)
{
    m_server.setSslConfiguration(ssl);
    init();
}

void ProtocolServer::init()
{
    m_server.listen(QHostAddress::LocalHost, 0);
    m_port = m_server.serverPort();
    connect(&m_server, &QWebSocketServer::newConnection, this, [this] {
        while (QWebSocket *socket = m_server.nextPendingConnection()) {
            socket->setParent(this);
            ++connections;
            connect(socket, &QWebSocket::textMessageReceived, this,
                [this, socket](const QString &text) { onText(socket, text); });
            connect(socket, &QWebSocket::disconnected, this, [this, socket] {
                m_subscribed.removeAll(socket);
                socket->deleteLater();
            });
        }
    });
}

ProtocolServer::~ProtocolServer()
{
    // Sockets are children: delete them while the members their slots use still exist.
    for (QWebSocket *s : findChildren<QWebSocket *>()) {
        s->disconnect(this);
        delete s;
    }
}

QUrl ProtocolServer::url() const
{
    return QUrl(u"%1://127.0.0.1:%2/ws"_s.arg(m_secure ? u"wss"_s : u"ws"_s).arg(m_port));
}

ChangeEvent ProtocolServer::append(
    bool silent, const QString &type, const QString &id, const QJsonObject &fields, qint64 version)
{
    ChangeEvent e;
    e.seq = m_log.size() + 1;
    e.epoch = epoch;
    e.type = type;
    e.entity = type.section(u'.', 0, 0);
    e.id = id.isEmpty() ? u"ORD-%1"_s.arg(e.seq) : id;
    e.version = version;
    e.ts = QDateTime::currentDateTimeUtc();
    e.fields = fields;
    m_log.append(e);
    if (!silent) {
        for (QWebSocket *s : std::as_const(m_subscribed))
            send(s, e);
    }
    return e;
}

void ProtocolServer::sendRaw(const QString &text)
{
    for (QWebSocket *s : std::as_const(m_subscribed))
        s->sendTextMessage(text);
}

void ProtocolServer::abortAll()
{
    for (QWebSocket *s : findChildren<QWebSocket *>())
        s->abort();
}

void ProtocolServer::closeAll(Wire::CloseCode code, const QString &reason)
{
    for (QWebSocket *s : findChildren<QWebSocket *>())
        s->close(QWebSocketProtocol::CloseCode(code), reason);
}

int ProtocolServer::openSockets() const
{
    return int(findChildren<QWebSocket *>().size());
}

void ProtocolServer::setListening(bool on)
{
    if (on && !m_server.isListening())
        m_server.listen(QHostAddress::LocalHost, m_port);
    else if (!on)
        m_server.close();
}

void ProtocolServer::send(QWebSocket *socket, const ChangeEvent &event)
{
    ServerFrame f;
    f.kind = ServerFrame::Kind::Event;
    f.event = event;
    socket->sendTextMessage(f.toJson());
}

void ProtocolServer::onText(QWebSocket *socket, const QString &text)
{
    QString error;
    const auto frame = ClientFrame::parse(text, &error);
    if (!frame) {
        socket->close(QWebSocketProtocol::CloseCode(Wire::CloseCode::BadFrame), error);
        return;
    }
    const StreamPosition head { epoch, qint64(m_log.size()) };
    if (frame->kind == ClientFrame::Kind::Auth) {
        if (frame->token != validToken) {
            socket->close(
                QWebSocketProtocol::CloseCode(Wire::CloseCode::Unauthorized), u"bad token"_s);
            return;
        }
        ServerFrame ready;
        ready.kind = ServerFrame::Kind::Ready;
        ready.position = head;
        socket->sendTextMessage(ready.toJson());
    } else if (frame->kind == ClientFrame::Kind::Subscribe) {
        subscribeSince.append(frame->since);
        qint64 replayed = 0;
        if (frame->since && frame->since->epoch != epoch) {
            ServerFrame resync;
            resync.kind = ServerFrame::Kind::Resync;
            resync.position = head;
            resync.error = u"epoch_changed"_s;
            socket->sendTextMessage(resync.toJson());
        } else if (frame->since) {
            for (qint64 seq = frame->since->seq + 1; seq <= m_log.size(); ++seq, ++replayed)
                send(socket, m_log.at(seq - 1));
        }
        ServerFrame sub;
        sub.kind = ServerFrame::Kind::Subscribed;
        sub.channels = frame->channels;
        sub.replayed = replayed;
        sub.position = head;
        socket->sendTextMessage(sub.toJson());
        m_subscribed.append(socket);
    }
}
