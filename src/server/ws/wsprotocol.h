#pragma once

#include <vector>

#include <QByteArray>
#include <QString>

//! \file The WebSocket wire of RFC 6455 as the hub speaks it: the server side of the opening
//! handshake, whole server frames (written once, shared by every session), and an incremental
//! reader of client frames. No sockets and no event loop: the hub's workers feed it bytes.

namespace Ops::Ws {

enum class Opcode : quint8 {
    Continuation = 0x0,
    Text = 0x1,
    Binary = 0x2,
    Close = 0x8,
    Ping = 0x9,
    Pong = 0xA,
};

//! Close codes of RFC 6455 that the reader and the handshake use themselves.
inline constexpr quint16 CloseNormal = 1000;
inline constexpr quint16 CloseProtocolError = 1002;
inline constexpr quint16 CloseInvalidPayload = 1007;
inline constexpr quint16 CloseTooBig = 1009;

//! A whole server frame (FIN set, unmasked) carrying \a payload.
[[nodiscard]] QByteArray frame(Opcode opcode, QByteArrayView payload);
//! A close frame with \a code and \a reason, cut to the 123 bytes a control frame leaves for
//! it, at a character boundary.
[[nodiscard]] QByteArray closeFrame(quint16 code, const QString &reason);
//! True when \a bytes are well-formed UTF-8 (no overlong forms, surrogates or values beyond
//! U+10FFFF), as RFC 6455 requires of text frames.
[[nodiscard]] bool isValidUtf8(QByteArrayView bytes);
//! The `Sec-WebSocket-Accept` value for a client's `Sec-WebSocket-Key`.
[[nodiscard]] QByteArray acceptKey(QByteArrayView key);

//! \brief The outcome of reading a client's opening handshake.
struct Handshake
{
    enum class Result {
        Incomplete, //!< the request head has not fully arrived
        Accepted, //!< send `response` (101) and speak WebSocket after it
        Rejected, //!< send `response` (an HTTP error) and close
    };
    Result result = Result::Incomplete;
    qsizetype headBytes = 0; //!< bytes of the request head, the blank line included
    QByteArray path; //!< the request target's path, without a query
    QByteArray response;
    QString error; //!< why it was rejected
};
//! Reads the upgrade request at the start of \a data (a GET with `Upgrade: websocket`,
//! `Connection: upgrade`, `Sec-WebSocket-Key` and `Sec-WebSocket-Version: 13`).
[[nodiscard]] Handshake readHandshake(QByteArrayView data, qsizetype maxHeadBytes = 16 * 1024);

//! \brief A complete client message (text or binary, fragments joined) or control frame.
struct Message
{
    Opcode opcode = Opcode::Text;
    QByteArray payload; //!< unmasked
};

//! \brief Reads client frames as their bytes arrive: checks the framing rules (masking, no
//! reserved bits, control frames whole and short), unmasks, joins fragmented messages and
//! validates text as UTF-8. A frame or message larger than the limit fails as soon as its
//! header says so, without waiting for the payload.
class FrameReader
{
public:
    //! \brief Why the connection must be closed: the close code and reason to send.
    struct Failure
    {
        quint16 code = 0;
        QString reason;
    };

    explicit FrameReader(qsizetype maxMessageBytes)
        : m_maxMessageBytes(maxMessageBytes)
    { }

    //! Reads \a data and appends every complete message and control frame to \a out. False
    //! when the peer broke the protocol (failure() says how); nothing more is read after that.
    bool read(QByteArrayView data, std::vector<Message> &out);
    [[nodiscard]] const Failure &failure() const { return m_failure; }
    //! Bytes held back for an unfinished frame or message.
    [[nodiscard]] qsizetype buffered() const { return m_pending.size() + m_message.size(); }

private:
    //! Reads the frames of \a in from \a pos; returns where the unfinished part starts, or -1.
    qsizetype readFrames(QByteArrayView in, std::vector<Message> &out);
    bool fail(quint16 code, const QString &reason);

    qsizetype m_maxMessageBytes;
    QByteArray m_pending; //!< the start of a frame whose rest has not arrived
    QByteArray m_message; //!< the fragments of an unfinished message
    Opcode m_messageOpcode = Opcode::Text;
    bool m_inMessage = false;
    bool m_failed = false;
    Failure m_failure;
};

} // namespace Ops::Ws
