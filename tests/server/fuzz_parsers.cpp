// libFuzzer target for the parsers that take untrusted input: WebSocket client frames
// (ClientFrame::parse), the order bodies (parseOrderPatch, parseOrderCreate, over the strict
// JSON-object reader), CSV files (readCsv) and the hub's RFC 6455 layer (the upgrade request and
// the frame reader).
// Build: cmake -DOPS_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++ …; run: ./fuzz_parsers corpus/

#include <cstddef>
#include <cstdint>

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include "protocol/frames.h"
#include "server/domain/csvreader.h"
#include "server/domain/orderservice.h"
#include "server/domain/validation.h"
#include "server/ws/wsprotocol.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    const QByteArray bytes(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    // The first byte picks the parser, so one corpus covers all of them.
    switch (data[0] % 6) {
    case 1: {
        QString error;
        const auto frame = Ops::ClientFrame::parse(bytes, &error);
        // A parsed frame must survive its own round trip.
        if (frame && !Ops::ClientFrame::parse(frame->toJson(), &error))
            __builtin_trap();
        break;
    }
    case 2: {
        // Frames as they come off a socket, split where the second byte says.
        Ops::Ws::FrameReader reader(Ops::Wire::MaxFrameBytes);
        std::vector<Ops::Ws::Message> messages;
        const qsizetype cut = bytes.isEmpty() ? 0 : quint8(bytes.at(0)) % (bytes.size() + 1);
        if (reader.read(QByteArrayView(bytes).first(cut), messages))
            (void)reader.read(QByteArrayView(bytes).sliced(cut), messages);
        else if (reader.failure().reason.isEmpty())
            __builtin_trap(); // every failure says why
        for (const Ops::Ws::Message &m : messages) {
            if (m.opcode == Ops::Ws::Opcode::Text && !Ops::Ws::isValidUtf8(m.payload))
                __builtin_trap();
        }
        break;
    }
    case 3: {
        const Ops::Ws::Handshake h = Ops::Ws::readHandshake(bytes);
        if (h.result != Ops::Ws::Handshake::Result::Incomplete && h.response.isEmpty())
            __builtin_trap();
        break;
    }
    case 0: {
        Ops::OrderChange change;
        const Ops::Error error = Ops::parseOrderPatch(bytes, &change);
        if (!error.ok() && error.message.isEmpty())
            __builtin_trap(); // every rejection says why
        break;
    }
    case 4: {
        // A fixed "now": the same input decides the same way on every run.
        static const QDateTime now = QDateTime::fromSecsSinceEpoch(1'795'000'000, Qt::UTC);
        Ops::Order order;
        QString field;
        const Ops::Error error = Ops::parseOrderCreate(bytes, now, &order, &field);
        if (!error.ok() && error.message.isEmpty())
            __builtin_trap();
        // An accepted draft is a valid order: it passes the rules of a whole order again.
        if (error.ok() && (order.customer.isEmpty() || Ops::validateOrder(order, now)))
            __builtin_trap();
        break;
    }
    default: {
        Ops::CsvLimits limits;
        limits.maxBytes = 64 * 1024;
        limits.maxRowBytes = 4096;
        limits.maxRows = 200;
        Ops::CsvTable table;
        QString reason;
        const Ops::Error error = Ops::readCsv(bytes, limits, &table, &reason);
        if (!error.ok() && (error.message.isEmpty() || reason.isEmpty()))
            __builtin_trap();
        if (error.ok() && (table.header.isEmpty() || table.rows.size() > limits.maxRows))
            __builtin_trap();
        break;
    }
    }
    return 0;
}
