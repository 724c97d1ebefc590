/* SPDX-License-Identifier: MIT */
/*
 * A main() for the harnesses without libFuzzer: runs each file named on
 * the command line (or every file in each directory named) through
 * LLVMFuzzerTestOneInput() once. Used to replay findings and, in the
 * normal test suite, the seed corpora.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *data;
	long size;

	if (!f) {
		fprintf(stderr, "replay: cannot open %s\n", path);
		return 1;
	}
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	fseek(f, 0, SEEK_SET);
	data = malloc(size ? size : 1);
	if (!data || fread(data, 1, size, f) != (size_t) size) {
		fprintf(stderr, "replay: cannot read %s\n", path);
		fclose(f);
		free(data);
		return 1;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(data, size);
	free(data);
	return 0;
}

int main(int argc, char **argv)
{
	int i, inputs = 0, errors = 0;
#ifdef FUZZ_NAME
	/* With no argument: this harness's seed corpus. */
	char *corpus[] = { argv[0], "test/fuzz/corpus/" FUZZ_NAME, NULL };

	if (argc < 2) {
		argc = 2;
		argv = corpus;
	}
#endif

	for (i = 1; i < argc; i++) {
		struct stat st;
		struct dirent *de;
		DIR *d;

		if (stat(argv[i], &st) || !S_ISDIR(st.st_mode)) {
			errors += run_file(argv[i]);
			inputs++;
			continue;
		}
		d = opendir(argv[i]);
		while (d && (de = readdir(d))) {
			char path[4096];

			if (de->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "%s/%s", argv[i],
				 de->d_name);
			errors += run_file(path);
			inputs++;
		}
		if (d)
			closedir(d);
	}
	printf("replayed %d inputs\n", inputs);
	if (!inputs) {
		printf("no input to replay\n");
		return 1;
	}
	return errors ? 1 : 0;
}
