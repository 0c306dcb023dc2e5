// The hub's RFC 6455 layer: the opening handshake, server frames and the reader of client
// frames, byte by byte where it matters.

#include <QTest>

#include "server/ws/wsprotocol.h"

using namespace Qt::StringLiterals;
using namespace Ops::Ws;

namespace {

//! A client frame: masked, as RFC 6455 requires of clients.
QByteArray clientFrame(quint8 firstByte, const QByteArray &payload, bool masked = true)
{
    QByteArray frame;
    frame.append(char(firstByte));
    const quint8 maskBit = masked ? 0x80 : 0;
    if (payload.size() < 126) {
        frame.append(char(maskBit | payload.size()));
    } else if (payload.size() < 65536) {
        frame.append(char(maskBit | 126));
        frame.append(char(payload.size() >> 8));
        frame.append(char(payload.size() & 0xff));
    } else {
        frame.append(char(maskBit | 127));
        for (int i = 7; i >= 0; --i)
            frame.append(char((quint64(payload.size()) >> (8 * i)) & 0xff));
    }
    const char mask[4] = { 0x37, char(0xfa), 0x21, 0x3d };
    if (masked)
        frame.append(mask, 4);
    for (qsizetype i = 0; i < payload.size(); ++i)
        frame.append(masked ? char(payload.at(i) ^ mask[i % 4]) : payload.at(i));
    return frame;
}

const QByteArray kUpgrade = "GET /ws?x=1 HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: WebSocket\r\n"
                            "Connection: keep-alive, Upgrade\r\n"
                            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                            "Sec-WebSocket-Version: 13\r\n\r\n"_ba;

} // namespace

class tst_WsProtocol : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void serverFrames_data();
    void serverFrames();
    void closeFrameCutsAtACharacter();
    void utf8_data();
    void utf8();
    void handshakeAccepted();
    void handshakeIncompleteThenComplete();
    void handshakeRejected_data();
    void handshakeRejected();
    void readsFramesByteByByte();
    void joinsFragmentsAroundControlFrames();
    void failures_data();
    void failures();
    void tooBigFailsOnTheHeader();
};

void tst_WsProtocol::serverFrames_data()
{
    QTest::addColumn<int>("size");
    QTest::addColumn<int>("header");
    QTest::newRow("empty") << 0 << 2;
    QTest::newRow("125") << 125 << 2;
    QTest::newRow("126") << 126 << 4;
    QTest::newRow("65535") << 65535 << 4;
    QTest::newRow("65536") << 65536 << 10;
}

void tst_WsProtocol::serverFrames()
{
    QFETCH(int, size);
    QFETCH(int, header);
    const QByteArray payload(size, 'p');
    const QByteArray f = frame(Opcode::Text, payload);
    QCOMPARE(f.size(), header + size);
    QCOMPARE(quint8(f.at(0)), quint8(0x81)); // FIN, text
    QCOMPARE(quint8(f.at(1)) & 0x80, 0); // servers do not mask
    QCOMPARE(f.mid(header), payload);
    if (header == 4)
        QCOMPARE((quint8(f.at(2)) << 8) | quint8(f.at(3)), size);
}

void tst_WsProtocol::closeFrameCutsAtACharacter()
{
    // 61 two-byte characters: 122 bytes fit, the 62nd would split.
    const QString reason = QString(62, QChar(0xe9));
    const QByteArray f = closeFrame(4030, reason);
    QCOMPARE(quint8(f.at(0)), quint8(0x88));
    const int length = quint8(f.at(1));
    QVERIFY(length <= 125);
    QCOMPARE((quint8(f.at(2)) << 8) | quint8(f.at(3)), 4030);
    const QByteArray text = f.mid(4);
    QCOMPARE(text.size(), 122);
    QVERIFY(isValidUtf8(text));
}

void tst_WsProtocol::utf8_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("valid");
    QTest::newRow("ascii") << "hello"_ba << true;
    QTest::newRow("two bytes") << "caf\xc3\xa9"_ba << true;
    QTest::newRow("euro") << "\xe2\x82\xac"_ba << true;
    QTest::newRow("emoji") << "\xf0\x9f\x98\x80"_ba << true;
    QTest::newRow("U+10FFFF") << "\xf4\x8f\xbf\xbf"_ba << true;
    QTest::newRow("overlong slash") << "\xc0\xaf"_ba << false;
    QTest::newRow("overlong three") << "\xe0\x80\xaf"_ba << false;
    QTest::newRow("surrogate") << "\xed\xa0\x80"_ba << false;
    QTest::newRow("beyond U+10FFFF") << "\xf4\x90\x80\x80"_ba << false;
    QTest::newRow("truncated") << "\xe2\x82"_ba << false;
    QTest::newRow("lone continuation") << "\x80"_ba << false;
    QTest::newRow("0xff") << "a\xff"_ba << false;
}

void tst_WsProtocol::utf8()
{
    QFETCH(QByteArray, bytes);
    QFETCH(bool, valid);
    QCOMPARE(isValidUtf8(bytes), valid);
}

void tst_WsProtocol::handshakeAccepted()
{
    const Handshake h = readHandshake(kUpgrade + "early"_ba);
    QCOMPARE(h.result, Handshake::Result::Accepted);
    QCOMPARE(h.headBytes, kUpgrade.size());
    QCOMPARE(h.path, "/ws"_ba);
    QVERIFY(h.response.startsWith("HTTP/1.1 101 Switching Protocols\r\n"));
    // RFC 6455's own example key and answer.
    QVERIFY(h.response.contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"));
    QVERIFY(h.response.endsWith("\r\n\r\n"));
}

void tst_WsProtocol::handshakeIncompleteThenComplete()
{
    for (qsizetype cut = 0; cut < kUpgrade.size(); cut += 7)
        QCOMPARE(readHandshake(kUpgrade.first(cut)).result, Handshake::Result::Incomplete);
    QCOMPARE(readHandshake(kUpgrade).result, Handshake::Result::Accepted);
}

void tst_WsProtocol::handshakeRejected_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<QByteArray>("status");
    const auto without = [](const QByteArray &line) {
        QByteArray h = kUpgrade;
        return h.replace(line, QByteArray());
    };
    QTest::newRow("POST") << QByteArray(kUpgrade).replace("GET", "POST") << "400"_ba;
    QTest::newRow("HTTP/1.0") << QByteArray(kUpgrade).replace("HTTP/1.1", "HTTP/1.0") << "400"_ba;
    QTest::newRow("no upgrade") << without("Upgrade: WebSocket\r\n") << "400"_ba;
    QTest::newRow("no host") << without("Host: 127.0.0.1\r\n") << "400"_ba;
    QTest::newRow("no key") << without("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n")
                            << "400"_ba;
    QTest::newRow("short key") << QByteArray(kUpgrade).replace("dGhlIHNhbXBsZSBub25jZQ==", "YWJj")
                               << "400"_ba;
    QTest::newRow("version 8") << QByteArray(kUpgrade).replace("Version: 13", "Version: 8")
                               << "426"_ba;
    QTest::newRow("head too large")
        << "GET /ws HTTP/1.1\r\nX-Pad: "_ba + QByteArray(20000, 'a') << "400"_ba;
}

void tst_WsProtocol::handshakeRejected()
{
    QFETCH(QByteArray, head);
    QFETCH(QByteArray, status);
    const Handshake h = readHandshake(head);
    QCOMPARE(h.result, Handshake::Result::Rejected);
    QVERIFY2(h.response.startsWith("HTTP/1.1 " + status), h.response.constData());
    QVERIFY(h.response.contains("Connection: close"));
    QVERIFY(!h.error.isEmpty());
    if (status == "426")
        QVERIFY(h.response.contains("Sec-WebSocket-Version: 13"));
}

void tst_WsProtocol::readsFramesByteByByte()
{
    const QByteArray stream = clientFrame(0x81, "{\"op\":\"auth\"}") + clientFrame(0x89, "p")
        + clientFrame(0x81, QByteArray(300, 'x'))
        + clientFrame(0x88,
            "\x03\xe8"
            "bye");
    FrameReader reader(64 * 1024);
    std::vector<Message> messages;
    for (const char c : stream)
        QVERIFY(reader.read(QByteArrayView(&c, 1), messages));
    QCOMPARE(messages.size(), std::size_t(4));
    QCOMPARE(messages[0].opcode, Opcode::Text);
    QCOMPARE(messages[0].payload, "{\"op\":\"auth\"}"_ba);
    QCOMPARE(messages[1].opcode, Opcode::Ping);
    QCOMPARE(messages[1].payload, "p"_ba);
    QCOMPARE(messages[2].payload, QByteArray(300, 'x'));
    QCOMPARE(messages[3].opcode, Opcode::Close);
    QCOMPARE(messages[3].payload,
        "\x03\xe8"
        "bye"_ba);
    QCOMPARE(reader.buffered(), 0);
}

void tst_WsProtocol::joinsFragmentsAroundControlFrames()
{
    // "caf" + "é" split inside the character: only the joined message must be valid UTF-8.
    const QByteArray stream =
        clientFrame(0x01, "caf\xc3") + clientFrame(0x8A, "") + clientFrame(0x80, "\xa9!");
    FrameReader reader(64 * 1024);
    std::vector<Message> messages;
    QVERIFY(reader.read(stream, messages));
    QCOMPARE(messages.size(), std::size_t(2));
    QCOMPARE(messages[0].opcode, Opcode::Pong);
    QCOMPARE(messages[1].opcode, Opcode::Text);
    QCOMPARE(messages[1].payload, "caf\xc3\xa9!"_ba);
}

void tst_WsProtocol::failures_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<int>("code");
    QTest::newRow("unmasked") << clientFrame(0x81, "x", false) << 1002;
    QTest::newRow("reserved bit") << clientFrame(0xC1, "x") << 1002;
    QTest::newRow("unknown opcode") << clientFrame(0x83, "x") << 1002;
    QTest::newRow("fragmented ping") << clientFrame(0x09, "x") << 1002;
    QTest::newRow("long ping") << clientFrame(0x89, QByteArray(126, 'x')) << 1002;
    QTest::newRow("lone continuation") << clientFrame(0x80, "x") << 1002;
    QTest::newRow("text inside a message")
        << clientFrame(0x01, "a") + clientFrame(0x81, "b") << 1002;
    QTest::newRow("invalid UTF-8") << clientFrame(0x81, "\xc0\xaf") << 1007;
    QTest::newRow("one-byte close") << clientFrame(0x88, "\x03") << 1002;
    QTest::newRow("close code 1005") << clientFrame(0x88, "\x03\xed") << 1002;
    QTest::newRow("close reason not UTF-8") << clientFrame(0x88, "\x03\xe8\xff") << 1007;
}

void tst_WsProtocol::failures()
{
    QFETCH(QByteArray, stream);
    QFETCH(int, code);
    FrameReader reader(64 * 1024);
    std::vector<Message> messages;
    QVERIFY(!reader.read(stream, messages));
    QCOMPARE(int(reader.failure().code), code);
    QVERIFY(!reader.failure().reason.isEmpty());
    // Nothing more is read after a failure.
    QVERIFY(!reader.read(clientFrame(0x81, "ok"), messages));
}

void tst_WsProtocol::tooBigFailsOnTheHeader()
{
    // The header of a 10 MB frame is enough: no payload needs to arrive.
    const QByteArray header = clientFrame(0x81, QByteArray(10 * 1000 * 1000, 'x')).first(14);
    FrameReader reader(64 * 1024);
    std::vector<Message> messages;
    QVERIFY(!reader.read(header, messages));
    QCOMPARE(reader.failure().code, CloseTooBig);
    QCOMPARE(reader.failure().reason, u"frame larger than 65536 bytes"_s);
    // Fragments that add up to more fail the same way.
    FrameReader fragments(64 * 1024);
    QVERIFY(fragments.read(clientFrame(0x01, QByteArray(40000, 'a')), messages));
    QVERIFY(!fragments.read(clientFrame(0x00, QByteArray(40000, 'a')), messages));
    QCOMPARE(fragments.failure().code, CloseTooBig);
}

QTEST_APPLESS_MAIN(tst_WsProtocol)
#include "tst_wsprotocol.moc"
