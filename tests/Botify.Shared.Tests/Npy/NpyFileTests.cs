using System.Text;
using Botify.Shared.Data;
using Botify.Shared.Embeddings;
using Botify.Shared.Npy;

namespace Botify.Shared.Tests.Npy;

public sealed class NpyFileTests
{
    [Test]
    public void Write_ThenRead_RoundTripsValuesAndShape()
    {
        using var folder = new TempFolder();
        var table = ClusteredVectors.Generate(37, 5, 3, seed: 1);
        var path = folder.File("t.npy");
        NpyFile.Write(path, table);

        var read = NpyFile.ReadTable(path);

        Assert.That(read.Rows, Is.EqualTo(37));
        Assert.That(read.Dimension, Is.EqualTo(5));
        Assert.That(read.Data.ToArray(), Is.EqualTo(table.Data.ToArray()));
    }

    [Test]
    public void Write_HeaderIsAlignedTo64Bytes_AsNumPyWrites()
    {
        using var folder = new TempFolder();
        var path = folder.File("v.npy");
        NpyFile.Write(path, [1f, 2f, 3f]);

        var bytes = File.ReadAllBytes(path);
        var headerLength = BitConverter.ToUInt16(bytes, 8);
        var header = Encoding.ASCII.GetString(bytes, 10, headerLength);

        Assert.That((10 + headerLength) % 64, Is.Zero);
        Assert.That(header, Does.StartWith("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }"));
        Assert.That(header, Does.EndWith("\n"));
        Assert.That(bytes, Has.Length.EqualTo(10 + headerLength + 12));
    }

    [Test]
    public void Read_NumPyVersion1Bytes_ParsesShape()
    {
        // The exact bytes numpy 1.x writes for np.array([[1, 2], [3, 4]], dtype='<f4').
        using var folder = new TempFolder();
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }";
        var path = WriteRaw(folder, header, [1f, 2f, 3f, 4f]);

        var array = NpyFile.Read(path);

        Assert.That(array.Shape, Is.EqualTo(new[] { 2, 2 }));
        Assert.That(array.Data, Is.EqualTo(new[] { 1f, 2f, 3f, 4f }));
    }

    [TestCase("<f8", "dtype '<f8' is not supported")]
    [TestCase(">f4", "dtype '>f4' is not supported")]
    [TestCase("<i4", "dtype '<i4' is not supported")]
    public void Read_OtherDtype_IsRefusedNamingTheDtype(string dtype, string expected)
    {
        using var folder = new TempFolder();
        var path = WriteRaw(folder, $"{{'descr': '{dtype}', 'fortran_order': False, 'shape': (1, 1), }}", [0f, 0f]);

        var error = Assert.Throws<DataFileException>(() => NpyFile.Read(path));

        Assert.That(error!.Message, Does.Contain(path).And.Contain(expected));
    }

    [Test]
    public void Read_FortranOrder_IsRefused()
    {
        using var folder = new TempFolder();
        var path = WriteRaw(folder, "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", [1f, 2f, 3f, 4f]);

        var error = Assert.Throws<DataFileException>(() => NpyFile.Read(path));

        Assert.That(error!.Message, Does.Contain("Fortran-order"));
    }

    [Test]
    public void Read_TruncatedData_SaysHowManyBytesWereMissing()
    {
        using var folder = new TempFolder();
        var path = WriteRaw(folder, "{'descr': '<f4', 'fortran_order': False, 'shape': (10, 4), }", [1f, 2f, 3f]);

        var error = Assert.Throws<DataFileException>(() => NpyFile.Read(path));

        Assert.That(error!.Message, Does.Contain("truncated").And.Contain("160").And.Contain("12"));
    }

    [Test]
    public void Read_NotNpy_IsRefused()
    {
        using var folder = new TempFolder();
        var path = folder.File("x.npy");
        File.WriteAllText(path, "hello, world");

        var error = Assert.Throws<DataFileException>(() => NpyFile.Read(path));

        Assert.That(error!.Message, Does.Contain("not a .npy file"));
    }

    [Test]
    public void Read_MissingFile_NamesTheFile()
    {
        var path = Path.Combine(Path.GetTempPath(), "botify-no-such-file.npy");

        var error = Assert.Throws<DataFileException>(() => NpyFile.Read(path));

        Assert.That(error!.FilePath, Is.EqualTo(path));
        Assert.That(error.Message, Does.Contain("not found"));
    }

    [Test]
    public void ReadTable_OneAxisArray_IsRefused()
    {
        using var folder = new TempFolder();
        var path = folder.File("v.npy");
        NpyFile.Write(path, [1f, 2f]);

        var error = Assert.Throws<DataFileException>(() => NpyFile.ReadTable(path));

        Assert.That(error!.Message, Does.Contain("two-axis"));
    }

    private static string WriteRaw(TempFolder folder, string header, float[] data)
    {
        var path = folder.File("raw.npy");
        var padded = header.PadRight(((10 + header.Length + 1 + 63) / 64 * 64) - 11) + "\n";
        using var stream = File.Create(path);
        stream.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
        stream.Write(BitConverter.GetBytes((ushort)padded.Length));
        stream.Write(Encoding.ASCII.GetBytes(padded));
        foreach (var value in data)
        {
            stream.Write(BitConverter.GetBytes(value));
        }

        return path;
    }
}
