// libFuzzer target for the parsers that take untrusted input: WebSocket client frames
// (ClientFrame::parse) and REST bodies (parseOrderPatch, the strict JSON-object reader).
// Build: cmake -DOPS_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++ …; run: ./fuzz_parsers corpus/

#include <cstddef>
#include <cstdint>

#include <QByteArray>
#include <QString>

#include "protocol/frames.h"
#include "server/domain/orderservice.h"
#include "server/domain/validation.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    const QByteArray bytes(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    // The first byte picks the parser, so one corpus covers both.
    if (data[0] & 1) {
        QString error;
        const auto frame = Ops::ClientFrame::parse(QString::fromUtf8(bytes), &error);
        // A parsed frame must survive its own round trip.
        if (frame && !Ops::ClientFrame::parse(frame->toJson(), &error))
            __builtin_trap();
    } else {
        Ops::OrderChange change;
        const Ops::Error error = Ops::parseOrderPatch(bytes, &change);
        if (!error.ok() && error.message.isEmpty())
            __builtin_trap(); // every rejection says why
    }
    return 0;
}
