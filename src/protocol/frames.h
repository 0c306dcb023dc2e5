#pragma once

#include <optional>

#include <QByteArray>
#include <QLatin1StringView>
#include <QString>
#include <QStringList>

#include "changeevent.h"

//! \file The WebSocket frames of docs/protocol.md: what a client sends (ClientFrame) and what the
//! server sends (ServerFrame), each with a strict parser for untrusted input.

namespace Ops {

namespace Wire {
//! Largest text frame either side accepts.
inline constexpr qsizetype MaxFrameBytes = 64 * 1024;
//! Response header naming the event-log position a REST read reflects.
inline constexpr QLatin1StringView PositionHeader("Opsboard-Position");
//! Path of the WebSocket endpoint.
inline constexpr QLatin1StringView SocketPath("/ws");

//! Close codes that say why a connection ended.
enum class CloseCode : quint16 {
    Normal = 1000,
    GoingAway = 1001,
    TooBig = 1009,
    BadFrame = 4000,
    Unauthorized = 4001,
    Forbidden = 4003,
    AuthTimeout = 4008,
    RateLimited = 4029,
    SlowConsumer = 4030,
};
} // namespace Wire

//! \brief A frame from client to server.
struct ClientFrame
{
    enum class Kind {
        Auth,
        Subscribe,
        Unsubscribe,
    };
    Kind kind = Kind::Auth;
    QString token; //!< Auth only
    QStringList channels; //!< Subscribe / Unsubscribe
    std::optional<StreamPosition> since; //!< Subscribe: resume after this position

    [[nodiscard]] QString toJson() const;
    //! Strict: unknown ops, unknown or repeated fields and wrong types are rejected with a
    //! reason.
    [[nodiscard]] static std::optional<ClientFrame> parse(QStringView text, QString *error);
    //! The same for the UTF-8 bytes of a frame, as they come off the wire.
    [[nodiscard]] static std::optional<ClientFrame> parse(const QByteArray &utf8, QString *error);
};

//! \brief A frame from server to client.
struct ServerFrame
{
    enum class Kind {
        Ready, //!< authenticated; carries the log head
        Subscribed, //!< subscription active; replayed events (if any) were sent before this
        Event,
        Resync, //!< the requested position is gone: invalidate everything
        Error, //!< a rejected frame; the connection stays open unless a close follows
    };
    Kind kind = Kind::Ready;
    StreamPosition position; //!< Ready / Subscribed / Resync: the server's current head
    QStringList channels; //!< Subscribed
    qint64 replayed = 0; //!< Subscribed: events replayed before this frame
    QString user; //!< Ready
    QString role; //!< Ready
    ChangeEvent event; //!< Event
    QString region; //!< Event: the region it concerns; empty for none
    QString error; //!< Error / Resync: machine-readable reason
    QString message; //!< Error: human-readable

    [[nodiscard]] QString toJson() const;
    //! The same JSON as UTF-8 bytes, as it goes on the wire.
    [[nodiscard]] QByteArray toUtf8() const;
    //! Tolerates unknown fields (forward compatibility) but validates every field it uses.
    [[nodiscard]] static std::optional<ServerFrame> parse(QStringView text, QString *error);
};

} // namespace Ops
