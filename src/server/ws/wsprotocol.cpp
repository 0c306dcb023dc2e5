#include "wsprotocol.h"

#include <cstring>

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace Ops::Ws {
namespace {

constexpr QByteArrayView kAcceptGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

//! An HTTP answer that refuses the upgrade; the connection closes after it.
QByteArray refusal(int status, const QByteArray &phrase, const QString &message,
    const QByteArray &extraHeaders = {})
{
    const QByteArray body =
        QJsonDocument(QJsonObject {
                          { "error"_L1, status == 426 ? u"upgrade_required"_s : u"bad_request"_s },
                          { "message"_L1, message },
                      })
            .toJson(QJsonDocument::Compact);
    return "HTTP/1.1 " + QByteArray::number(status) + ' ' + phrase
        + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size())
        + "\r\nConnection: close\r\n" + extraHeaders + "\r\n" + body;
}

//! The parts of \a text between \a separator (empty parts included).
QList<QByteArrayView> split(QByteArrayView text, char separator)
{
    QList<QByteArrayView> parts;
    qsizetype from = 0;
    for (;;) {
        const qsizetype at = text.indexOf(separator, from);
        if (at < 0) {
            parts.append(text.sliced(from));
            return parts;
        }
        parts.append(text.sliced(from, at - from));
        from = at + 1;
    }
}

//! True when the comma-separated \a list holds \a token (case-insensitive).
bool hasToken(QByteArrayView list, QByteArrayView token)
{
    for (const QByteArrayView item : split(list, ',')) {
        if (item.trimmed().compare(token, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

bool validCloseCode(quint16 code)
{
    return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014)
        || (code >= 3000 && code <= 4999);
}

void unmask(char *out, const char *in, qint64 length, const char *mask)
{
    for (qint64 i = 0; i < length; ++i)
        out[i] = char(in[i] ^ mask[i & 3]);
}

} // namespace

QByteArray frame(Opcode opcode, QByteArrayView payload)
{
    const qsizetype length = payload.size();
    const qsizetype header = length < 126 ? 2 : length < 65536 ? 4 : 10;
    QByteArray out(header + length, Qt::Uninitialized);
    auto *p = reinterpret_cast<uchar *>(out.data());
    p[0] = uchar(0x80 | quint8(opcode));
    if (length < 126) {
        p[1] = uchar(length);
    } else if (length < 65536) {
        p[1] = 126;
        p[2] = uchar(length >> 8);
        p[3] = uchar(length);
    } else {
        p[1] = 127;
        for (int i = 0; i < 8; ++i)
            p[2 + i] = uchar(quint64(length) >> (56 - 8 * i));
    }
    if (length > 0)
        std::memcpy(p + header, payload.data(), size_t(length));
    return out;
}

QByteArray closeFrame(quint16 code, const QString &reason)
{
    QByteArray text = reason.toUtf8();
    if (text.size() > 123) {
        qsizetype cut = 123;
        while (cut > 0 && (quint8(text.at(cut)) & 0xC0) == 0x80)
            --cut; // do not split a character
        text.truncate(cut);
    }
    QByteArray payload;
    payload.reserve(2 + text.size());
    payload.append(char(code >> 8));
    payload.append(char(code & 0xff));
    payload.append(text);
    return frame(Opcode::Close, payload);
}

bool isValidUtf8(QByteArrayView bytes)
{
    const auto *s = reinterpret_cast<const uchar *>(bytes.data());
    const qsizetype n = bytes.size();
    qsizetype i = 0;
    while (i < n) {
        const uchar c = s[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        int more = 0;
        uchar low = 0x80; // bounds of the second byte
        uchar high = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            more = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            more = 2;
            if (c == 0xE0)
                low = 0xA0; // overlong
            else if (c == 0xED)
                high = 0x9F; // surrogates
        } else if (c >= 0xF0 && c <= 0xF4) {
            more = 3;
            if (c == 0xF0)
                low = 0x90; // overlong
            else if (c == 0xF4)
                high = 0x8F; // beyond U+10FFFF
        } else {
            return false;
        }
        if (i + more >= n)
            return false;
        if (s[i + 1] < low || s[i + 1] > high)
            return false;
        for (int k = 2; k <= more; ++k) {
            if ((s[i + k] & 0xC0) != 0x80)
                return false;
        }
        i += more + 1;
    }
    return true;
}

QByteArray acceptKey(QByteArrayView key)
{
    QCryptographicHash sha1(QCryptographicHash::Sha1);
    sha1.addData(key);
    sha1.addData(kAcceptGuid);
    return sha1.result().toBase64();
}

Handshake readHandshake(QByteArrayView data, qsizetype maxHeadBytes)
{
    Handshake h;
    const qsizetype crlf = data.indexOf("\r\n\r\n");
    const qsizetype lf = data.indexOf("\n\n");
    qsizetype end = -1;
    if (crlf >= 0 && (lf < 0 || crlf + 4 <= lf + 2))
        end = crlf + 4;
    else if (lf >= 0)
        end = lf + 2;
    if (end < 0 || end > maxHeadBytes) {
        if (data.size() <= maxHeadBytes)
            return h; // more to come
        h.result = Handshake::Result::Rejected;
        h.error = u"request head larger than %1 bytes"_s.arg(maxHeadBytes);
        h.response = refusal(400, "Bad Request", h.error);
        return h;
    }
    h.headBytes = end;
    const auto reject = [&h](int status, const QByteArray &phrase, const QString &error,
                            const QByteArray &extra = {}) {
        h.result = Handshake::Result::Rejected;
        h.error = error;
        h.response = refusal(status, phrase, error, extra);
        return h;
    };

    QByteArray upgrade;
    QByteArray connection;
    QByteArray key;
    QByteArray version;
    QByteArray host;
    QByteArrayView requestLine;
    bool first = true;
    for (QByteArrayView line : split(data.first(end), '\n')) {
        if (line.endsWith('\r'))
            line.chop(1);
        if (first) {
            requestLine = line;
            first = false;
            continue;
        }
        if (line.isEmpty())
            break;
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            return reject(400, "Bad Request", u"malformed header line"_s);
        const QByteArray name = line.first(colon).trimmed().toByteArray().toLower();
        const QByteArrayView value = line.sliced(colon + 1).trimmed();
        QByteArray *target = name == "upgrade" ? &upgrade
            : name == "connection"             ? &connection
            : name == "sec-websocket-key"      ? &key
            : name == "sec-websocket-version"  ? &version
            : name == "host"                   ? &host
                                               : nullptr;
        if (!target)
            continue;
        if (!target->isEmpty())
            target->append(',');
        target->append(value);
    }

    const QList<QByteArrayView> parts = split(requestLine, ' ');
    if (parts.size() != 3 || !parts.at(2).startsWith("HTTP/1.") || parts.at(2) == "HTTP/1.0")
        return reject(400, "Bad Request", u"not an HTTP/1.1 request line"_s);
    if (parts.at(0) != "GET")
        return reject(400, "Bad Request", u"a WebSocket upgrade must be a GET request"_s);
    if (!hasToken(upgrade, "websocket") || !hasToken(connection, "upgrade"))
        return reject(400, "Bad Request",
            u"a WebSocket upgrade needs 'Upgrade: websocket' and 'Connection: Upgrade'"_s);
    if (host.isEmpty())
        return reject(400, "Bad Request", u"no Host header"_s);
    if (version.trimmed() != "13")
        return reject(426, "Upgrade Required", u"only WebSocket version 13 is supported"_s,
            "Sec-WebSocket-Version: 13\r\n");
    const QByteArray decodedKey = QByteArray::fromBase64(key.trimmed());
    if (decodedKey.size() != 16 || key.contains(','))
        return reject(400, "Bad Request", u"Sec-WebSocket-Key must be 16 bytes in base64"_s);

    const QByteArrayView target = parts.at(1);
    if (target.startsWith('/')) {
        qsizetype stop = target.size();
        for (const char c : { '?', '#' }) {
            const qsizetype at = target.indexOf(c);
            if (at >= 0 && at < stop)
                stop = at;
        }
        h.path = target.first(stop).toByteArray();
    } else {
        h.path = QUrl::fromEncoded(target.toByteArray()).path(QUrl::FullyEncoded).toLatin1();
    }
    h.result = Handshake::Result::Accepted;
    h.response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: "
                 "Upgrade\r\nSec-WebSocket-Accept: "
        + acceptKey(key.trimmed()) + "\r\n\r\n";
    return h;
}

bool FrameReader::fail(quint16 code, const QString &reason)
{
    m_failed = true;
    m_failure = { code, reason };
    m_pending.clear();
    m_message.clear();
    return false;
}

bool FrameReader::read(QByteArrayView data, std::vector<Message> &out)
{
    if (m_failed)
        return false;
    if (m_pending.isEmpty()) {
        const qsizetype rest = readFrames(data, out);
        if (rest < 0)
            return false;
        if (rest < data.size())
            m_pending = data.sliced(rest).toByteArray();
        return true;
    }
    m_pending.append(data);
    const QByteArray in = std::exchange(m_pending, {});
    const qsizetype rest = readFrames(in, out);
    if (rest < 0)
        return false;
    if (rest < in.size())
        m_pending = in.mid(rest);
    return true;
}

qsizetype FrameReader::readFrames(QByteArrayView in, std::vector<Message> &out)
{
    const auto broken = [this](quint16 code, const QString &reason) {
        fail(code, reason);
        return qsizetype(-1);
    };
    qsizetype pos = 0;
    const auto *bytes = reinterpret_cast<const uchar *>(in.data());
    for (;;) {
        const qsizetype available = in.size() - pos;
        if (available < 2)
            return pos;
        const uchar b0 = bytes[pos];
        const uchar b1 = bytes[pos + 1];
        const bool fin = b0 & 0x80;
        const auto opcode = Opcode(b0 & 0x0f);
        if (b0 & 0x70)
            return broken(CloseProtocolError, u"reserved bits set"_s);
        if (!(b1 & 0x80))
            return broken(CloseProtocolError, u"client frames must be masked"_s);
        qint64 length = b1 & 0x7f;
        qsizetype header = 2;
        if (length == 126) {
            if (available < 4)
                return pos;
            length = qint64(bytes[pos + 2]) << 8 | bytes[pos + 3];
            header = 4;
        } else if (length == 127) {
            if (available < 10)
                return pos;
            quint64 big = 0;
            for (int i = 0; i < 8; ++i)
                big = big << 8 | bytes[pos + 2 + i];
            if (big >> 63)
                return broken(CloseProtocolError, u"frame length out of range"_s);
            length = qint64(big);
            header = 10;
        }
        switch (opcode) {
        case Opcode::Close:
        case Opcode::Ping:
        case Opcode::Pong:
            if (!fin)
                return broken(CloseProtocolError, u"fragmented control frame"_s);
            if (length > 125)
                return broken(CloseProtocolError, u"control frame longer than 125 bytes"_s);
            break;
        case Opcode::Continuation:
        case Opcode::Text:
        case Opcode::Binary:
            if (opcode == Opcode::Continuation && !m_inMessage)
                return broken(CloseProtocolError, u"continuation frame without a message"_s);
            if (opcode != Opcode::Continuation && m_inMessage)
                return broken(CloseProtocolError, u"a new message before the last one ended"_s);
            // Refused on the header alone: a 10 MB frame is not read first.
            if (length > m_maxMessageBytes - (m_inMessage ? m_message.size() : 0))
                return broken(CloseTooBig, u"frame larger than %1 bytes"_s.arg(m_maxMessageBytes));
            break;
        default:
            return broken(CloseProtocolError, u"unknown opcode %1"_s.arg(int(opcode)));
        }
        header += 4; // the mask
        if (available < header + length)
            return pos;
        QByteArray payload(qsizetype(length), Qt::Uninitialized);
        unmask(payload.data(), in.data() + pos + header, length, in.data() + pos + header - 4);
        pos += header + qsizetype(length);

        if (opcode == Opcode::Close || opcode == Opcode::Ping || opcode == Opcode::Pong) {
            if (opcode == Opcode::Close && !payload.isEmpty()) {
                if (payload.size() < 2
                    || !validCloseCode(quint16(quint8(payload.at(0)) << 8 | quint8(payload.at(1)))))
                    return broken(CloseProtocolError, u"invalid close code"_s);
                if (!isValidUtf8(QByteArrayView(payload).sliced(2)))
                    return broken(CloseInvalidPayload, u"close reason is not valid UTF-8"_s);
            }
            out.push_back({ opcode, std::move(payload) });
            continue;
        }
        if (opcode != Opcode::Continuation)
            m_messageOpcode = opcode;
        QByteArray message;
        if (!m_inMessage && fin) {
            message = std::move(payload);
        } else {
            m_message.append(payload);
            m_inMessage = !fin;
            if (!fin)
                continue;
            message = std::exchange(m_message, {});
        }
        m_inMessage = false;
        if (m_messageOpcode == Opcode::Text && !isValidUtf8(message))
            return broken(CloseInvalidPayload, u"text frame is not valid UTF-8"_s);
        out.push_back({ m_messageOpcode, std::move(message) });
    }
}

} // namespace Ops::Ws
