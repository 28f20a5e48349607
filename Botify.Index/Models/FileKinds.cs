using System.Runtime.InteropServices;

namespace Botify.Index.Models;

/// <summary>
/// The kind of a path without opening it: opening a FIFO for reading blocks until a writer comes, which
/// wedged every later Reload. .NET's file APIs do not tell a FIFO or a device from a regular
/// file, so on Linux this asks <c>statx</c> (whose buffer layout is the same on every architecture);
/// elsewhere it falls back to what <see cref="FileSystemInfo"/> tells (links, folders, and anything else
/// taken as a regular file, which the reload timeout still bounds).
/// </summary>
internal static partial class FileKinds
{
    private const int AtCurrentDirectory = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    private const int NoSuchFile = 2;
    private const int NotADirectory = 20;
    private const int NameTooLong = 36;
    private const int SymbolicLinkLoop = 40;

    private static bool _statxMissing;

    /// <summary>The kind of <paramref name="path"/>; with <paramref name="followLinks"/> false a link is <see cref="FileKind.SymbolicLink"/>.</summary>
    /// <exception cref="IOException">The path cannot be examined (permissions, I/O error).</exception>
    public static FileKind Of(string path, bool followLinks)
    {
        if (OperatingSystem.IsLinux() && !_statxMissing)
        {
            try
            {
                return OfStatx(path, followLinks);
            }
            catch (EntryPointNotFoundException)
            {
                _statxMissing = true;
            }
        }

        return OfFileSystemInfo(path, followLinks);
    }

    public static string Describe(FileKind kind) => kind switch
    {
        FileKind.Missing => "not found",
        FileKind.Regular => "a regular file",
        FileKind.Directory => "a folder",
        FileKind.SymbolicLink => "a symbolic link",
        FileKind.Fifo => "a FIFO",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        FileKind.Socket => "a socket",
        _ => "not a regular file",
    };

    private static FileKind OfStatx(string path, bool followLinks)
    {
        if (Statx(AtCurrentDirectory, path, followLinks ? 0 : AtSymlinkNoFollow, StatxType, out var buffer) != 0)
        {
            var error = Marshal.GetLastPInvokeError();
            return error is NoSuchFile or NotADirectory or NameTooLong or SymbolicLinkLoop
                ? FileKind.Missing
                : throw new IOException($"statx failed with errno {error}");
        }

        return (buffer.Mode & 0xF000) switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0xA000 => FileKind.SymbolicLink,
            0x1000 => FileKind.Fifo,
            0x2000 => FileKind.CharacterDevice,
            0x6000 => FileKind.BlockDevice,
            0xC000 => FileKind.Socket,
            _ => FileKind.Other,
        };
    }

    private static FileKind OfFileSystemInfo(string path, bool followLinks)
    {
        FileSystemInfo info = new FileInfo(path);
        if (info.LinkTarget is not null)
        {
            if (!followLinks)
            {
                return FileKind.SymbolicLink;
            }

            info = info.ResolveLinkTarget(returnFinalTarget: true) ?? info;
        }

        return Directory.Exists(info.FullName) ? FileKind.Directory
            : File.Exists(info.FullName) ? FileKind.Regular
            : FileKind.Missing;
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Statx(int directory, string path, int flags, uint mask, out StatxBuffer buffer);

    /// <summary><c>struct statx</c>: 256 bytes, <c>stx_mode</c> (file type and permissions) at offset 28.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct StatxBuffer
    {
        [FieldOffset(28)]
        public ushort Mode;
    }
}
