#pragma once

#include <QByteArray>
#include <QImage>
#include <QList>

namespace Ops {

//! \brief The modules of one QR code (ISO/IEC 18004), made by libqrencode: what to paint, not
//! how (QrCodeWidget in ui/ paints it; toImage() is the same picture for files and tests).
//!
//! Built without libqrencode (the CMake option finds it with pkg-config and goes on without),
//! isAvailable() is false and encode() answers a null matrix: callers then show no code. The
//! matrix holds what it encodes (often a secret, e.g. a device key): it is not logged, and
//! clear() overwrites it.
class QrMatrix final
{
public:
    //! How much of the code may be damaged or covered and still decode; each step costs size.
    enum class ErrorCorrection {
        Low, // ~7 %
        Medium, // ~15 %
        Quartile, // ~25 %
        High, // ~30 %
    };

    //! The light border every reader needs around the code, in modules (the standard's minimum).
    static constexpr int QuietZone = 4;

    QrMatrix() = default;

    //! True when this build can make codes (linked with libqrencode).
    [[nodiscard]] static bool isAvailable();
    //! \a data as 8-bit bytes in the smallest version that fits; null when it does not fit (more
    //! than version 40 holds) or isAvailable() is false.
    [[nodiscard]] static QrMatrix encode(
        const QByteArray &data, ErrorCorrection level = ErrorCorrection::Medium);

    [[nodiscard]] bool isNull() const { return m_size == 0; }
    //! Modules per side (21 for version 1, +4 per version), without the quiet zone.
    [[nodiscard]] int size() const { return m_size; }
    //! Modules per side with the quiet zone on both sides.
    [[nodiscard]] int sizeWithQuietZone() const { return m_size == 0 ? 0 : m_size + 2 * QuietZone; }
    //! The version (1–40); 0 when null.
    [[nodiscard]] int version() const { return m_size == 0 ? 0 : (m_size - 17) / 4; }
    //! Module (\a x, \a y) is dark; false outside the code (the quiet zone is light).
    [[nodiscard]] bool isDark(int x, int y) const;

    //! Black modules on white, \a moduleSize pixels each, with the quiet zone: square, side
    //! sizeWithQuietZone() × moduleSize. Null for a null matrix or \a moduleSize < 1.
    [[nodiscard]] QImage toImage(int moduleSize) const;

    //! Overwrites the modules and makes the matrix null.
    void clear();

    friend bool operator==(const QrMatrix &a, const QrMatrix &b) = default;

private:
    int m_size = 0;
    QList<bool> m_dark; // row-major, m_size × m_size
};

} // namespace Ops
