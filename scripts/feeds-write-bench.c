/* How long writing a directory of feeds takes with and without fsync (docs/benchmarks-feeds.md).
 * cc -O2 -o /tmp/wb scripts/feeds-write-bench.c && /tmp/wb FEEDS_DIR /tmp/wb-out MODE
 * MODE 0: temp file + fsync + rename each; 1: temp file + rename; 2: sync_file_range, fdatasync each, rename;
 * 3: all temp files, one syncfs, renames. Files whose names start with a dot (the state) are skipped. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <dirent.h>
#include <time.h>
#include <sys/stat.h>
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec/1e9;}
int main(int argc,char**argv){
  const char*src=argv[1];const char*dst=argv[2];int mode=atoi(argv[3]);
  DIR*d=opendir(src);struct dirent*e;char*names[1000];char*bufs[1000];size_t lens[1000];int n=0;
  while((e=readdir(d))){ if(e->d_name[0]=='.')continue; char p[4096];snprintf(p,4096,"%s/%s",src,e->d_name);
    int fd=open(p,O_RDONLY);struct stat st;fstat(fd,&st);bufs[n]=malloc(st.st_size);read(fd,bufs[n],st.st_size);lens[n]=st.st_size;close(fd);names[n++]=strdup(e->d_name);}
  mkdir(dst,0755);
  int dfd=open(dst,O_RDONLY|O_DIRECTORY);
  double t0=now(); int fds[1000]; char tmp[1000][4096];
  for(int i=0;i<n;i++){snprintf(tmp[i],4096,"%s/.tmp-%s",dst,names[i]);
    int fd=open(tmp[i],O_WRONLY|O_CREAT|O_EXCL|O_CLOEXEC,0644); write(fd,bufs[i],lens[i]);
    if(mode==0){fsync(fd);} if(mode==2){sync_file_range(fd,0,0,SYNC_FILE_RANGE_WRITE);}
    if(mode==0||mode==1){close(fd);char f[4096];snprintf(f,4096,"%s/%s",dst,names[i]);rename(tmp[i],f);} else fds[i]=fd;}
  if(mode==2){for(int i=0;i<n;i++){fdatasync(fds[i]);close(fds[i]);char f[4096];snprintf(f,4096,"%s/%s",dst,names[i]);rename(tmp[i],f);}}
  if(mode==3){syncfs(dfd);for(int i=0;i<n;i++){close(fds[i]);char f[4096];snprintf(f,4096,"%s/%s",dst,names[i]);rename(tmp[i],f);}}
  if(mode>=2) fsync(dfd);
  printf("mode %d: %d files %.1f ms\n",mode,n,(now()-t0)*1000);
}
