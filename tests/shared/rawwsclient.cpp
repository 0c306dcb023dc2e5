#include "rawwsclient.h"

#include <QNetworkProxy>
#include <QTest>

using namespace Qt::StringLiterals;

RawWsClient::RawWsClient(QObject *parent)
    : QObject(parent)
{
    m_socket.setProxy(QNetworkProxy::NoProxy);
    connect(&m_socket, &QTcpSocket::readyRead, this, [this] {
        if (m_reading && m_chunk == 0)
            pump();
    });
    connect(&m_readTimer, &QTimer::timeout, this, &RawWsClient::pump);
}

bool RawWsClient::open(quint16 port, const QString &path)
{
    m_reading = false; // the handshake answer is read here
    m_socket.connectToHost(u"127.0.0.1"_s, port);
    if (!m_socket.waitForConnected(5000))
        return false;
    m_socket.write("GET " + path.toUtf8()
        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
          "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
          "Sec-WebSocket-Version: 13\r\n\r\n");
    QByteArray head;
    const bool ok = QTest::qWaitFor(
        [&] {
            head += m_socket.readAll();
            return head.contains("\r\n\r\n") || !m_socket.isOpen();
        },
        5000);
    if (!ok || !head.startsWith("HTTP/1.1 101"))
        return false;
    m_in = head.mid(head.indexOf("\r\n\r\n") + 4);
    m_reading = true;
    parseFrames();
    return true;
}

void RawWsClient::sendText(const QByteArray &text)
{
    writeFrame(0x1, text);
}

void RawWsClient::stopReading(int kernelBuffer)
{
    m_reading = false;
    m_readTimer.stop();
    m_socket.setReadBufferSize(1);
    if (kernelBuffer > 0)
        m_socket.setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, kernelBuffer);
}

void RawWsClient::readSlowly(qint64 bytes, int intervalMs)
{
    m_reading = true;
    m_chunk = bytes;
    m_socket.setReadBufferSize(bytes);
    if (bytes > 0) {
        m_readTimer.start(intervalMs);
    } else {
        m_readTimer.stop();
        pump();
    }
}

void RawWsClient::pump()
{
    if (!m_reading)
        return;
    // Take what the kernel holds now: a socket with a small read buffer is not always told
    // again that more arrived once its buffer was full (seen with the GLib event dispatcher).
    if (m_chunk > 0 && m_socket.bytesAvailable() < m_chunk)
        m_socket.waitForReadyRead(0);
    m_in += m_chunk > 0 ? m_socket.read(m_chunk) : m_socket.readAll();
    parseFrames();
}

void RawWsClient::parseFrames()
{
    for (;;) {
        if (m_in.size() < 2)
            return;
        const auto b0 = quint8(m_in.at(0));
        const auto b1 = quint8(m_in.at(1));
        qint64 length = b1 & 0x7f;
        qsizetype header = 2;
        if (length == 126) {
            if (m_in.size() < 4)
                return;
            length = (quint8(m_in.at(2)) << 8) | quint8(m_in.at(3));
            header = 4;
        } else if (length == 127) {
            if (m_in.size() < 10)
                return;
            length = 0;
            for (int i = 0; i < 8; ++i)
                length = (length << 8) | quint8(m_in.at(2 + i));
            header = 10;
        }
        if (m_in.size() < header + length)
            return;
        const QByteArray payload = m_in.mid(header, length);
        m_in.remove(0, header + length);
        switch (b0 & 0x0f) {
        case 0x1:
            ++m_textFrames;
            m_lastText = payload;
            break;
        case 0x8:
            m_closeCode =
                payload.size() >= 2 ? (quint8(payload.at(0)) << 8) | quint8(payload.at(1)) : 1005;
            m_closeReason = payload.mid(2);
            break;
        case 0x9:
            ++m_pings;
            writeFrame(0xA, payload);
            break;
        default:
            break;
        }
    }
}

void RawWsClient::writeFrame(quint8 opcode, const QByteArray &payload)
{
    QByteArray frame;
    frame.append(char(0x80 | opcode));
    if (payload.size() < 126) {
        frame.append(char(0x80 | payload.size()));
    } else {
        Q_ASSERT(payload.size() < 65536);
        frame.append(char(0x80 | 126));
        frame.append(char(payload.size() >> 8));
        frame.append(char(payload.size() & 0xff));
    }
    const char mask[4] = { 0x12, 0x34, 0x56, 0x78 };
    frame.append(mask, 4);
    for (qsizetype i = 0; i < payload.size(); ++i)
        frame.append(char(payload.at(i) ^ mask[i % 4]));
    m_socket.write(frame);
}
